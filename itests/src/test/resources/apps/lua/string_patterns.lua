-- The string library: find/match/gmatch/gsub with patterns, captures, %b, %f, rep, byte/char, utf8.
local s = "The quick brown fox jumps over the lazy dog 42 times, 3.14 ok"
print(s:find("quick"), s:find("o", 20), s:find("%d+"), s:find(".", 1, true))
print(s:match("(%a+) (%a+)"), s:match("%d+%.%d+"), s:match("()fox()"))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w end
print(#words, words[3], words[#words])
print(s:gsub("o", "0"))
print(s:gsub("(%a+) (%a+)", "%2 %1", 2))
print(("hello world"):gsub("%w+", {hello = "HI", world = false}))
print(("abc"):gsub("", "-"))
print(("x = 1, y = 22"):gsub("(%w+) = (%w+)", function(k, v) return v .. "=" .. k end))
print(("f(a(b)c) g(d)"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(("key=val; k2=v2"):match("^(%w+)=(%w+)"), ("  trim  "):match("^%s*(.-)%s*$") .. "|")
print(string.rep("ab", 3, ","), ("abc"):rep(0), ("hello"):sub(2, -2), ("hello"):sub(-3))
print(("hello"):byte(1, -1))
print(string.char(72, 105), ("Mixed Case"):upper(), ("Mixed Case"):lower(), ("abc"):reverse(), #"\0a\0")
print(("%d items"):format(3), tostring(nil), tostring(true))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #utf8.char(128512))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print()
print(utf8.codepoint("héllo", 1, -1))
print(utf8.offset("a€b", 3), utf8.charpattern)
print(string.pack and #string.pack("i4i8", 1, 2), string.unpack("<i4", string.pack("<i4", -5)))
local csv = "name,age,city\nann,31,oslo\nbob,27,rome\n"
for name, age, city in csv:gmatch("(%w+),(%d+),(%w+)\n") do io.write(name, "/", age, "/", city, " ") end
print()
print(pcall(string.rep, "x", -1), select(2, pcall(string.match, "a", "(")))
