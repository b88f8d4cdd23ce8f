-- io.write/io.read on files: modes, lines, numbers, seek, append, errors, os.rename/os.remove.
local f = assert(io.open("data.txt", "w"))
f:write("first line\n", "second line\n", 42, " ", 3.5, "\n", "no newline at end")
f:close()
for line in io.lines("data.txt") do io.write("[", line, "]") end
print()
f = assert(io.open("data.txt", "r"))
print(f:read("l"), f:read("L"), f:read("n"), f:read("n"))
print(f:seek("cur"), f:seek("set", 6), f:read(4), f:seek("end"))
print(f:read("a") == "", f:read("l"))
f:close()
print(io.type(f), io.type(io.stdout), io.type(42))
f = assert(io.open("data.txt", "a"))
f:write("\nappended")
f:close()
f = assert(io.open("data.txt", "rb"))
local all = f:read("a")
f:close()
print(#all, select(2, all:gsub("\n", "")))
local nums = assert(io.open("nums.txt", "w"))
for i = 1, 100 do nums:write(i * 3, "\n") end
nums:close()
local total = 0
for n in io.lines("nums.txt", "n") do total = total + n end
print(total)
print(io.open("missing/file.txt"))
print(pcall(io.lines, "missing.txt"))
print(os.rename("nums.txt", "renamed.txt"), os.remove("renamed.txt"))
print(os.remove("renamed.txt"))
local big = assert(io.open("big.bin", "wb"))
local chunk = string.rep("0123456789abcdef", 4096)
for i = 1, 16 do big:write(chunk) end
print(big:seek("cur"))
big:close()
big = assert(io.open("big.bin", "rb"))
local read, parts = 0, 0
while true do
  local piece = big:read(10000)
  if not piece then break end
  read = read + #piece
  parts = parts + 1
end
big:close()
print(read, parts)
os.remove("big.bin")
io.output():setvbuf("no")
io.write("unbuffered\n")
io.stderr:write("to stderr\n")
