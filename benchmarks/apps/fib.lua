-- The lua script of benchmarks/app-capture-bench.sh: a recursive function, a loop of pcalls (each
-- a setjmp in the interpreter's C code) and a plain loop. Prints one line; the native and WALI
-- runs must agree on it.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local t0 = os.clock()
local f = fib(27)
local t1 = os.clock()
local p = 0
for i = 1, 200000 do
  local ok, v = pcall(function(x) return x * 2 end, i)
  if ok then p = p + v end
end
local t2 = os.clock()
local s = 0
for i = 1, 3000000 do
  s = s + i
end
local t3 = os.clock()
print(f, p, s)
io.stderr:write(string.format("fib %.2f s, pcall %.2f s, loop %.2f s (os.clock)\n",
  t1 - t0, t2 - t1, t3 - t2))
