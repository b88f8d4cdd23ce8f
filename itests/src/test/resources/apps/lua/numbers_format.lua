-- Integers and floats, conversions, integer division and modulo, string.format.
print(1, 1.0, -0.0, 2^53, 2^63, math.maxinteger, math.mininteger)
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, 2^-1074)
print(math.maxinteger + 1 == math.mininteger, 1e308 * 10, -1e308 * 10)
print(3 / 2, 1 / 3, 100 / 7, 1e15 + 0.5, 123456789012345678)
print(math.tointeger(3.0), math.tointeger(3.5), math.type(1), math.type(1.0), math.type("1"))
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("8", 8))
print(string.format("%d %5d %-5d| %05d %+d %x %X %o", 42, 42, 42, 42, 42, 255, 255, 8))
print(string.format("%.3f %10.4f %-10.2f| %e %.0e %g %g %g", math.pi, math.pi, math.pi, 12345.678, 5e10, 1e20, 0.0001, 1e-5))
print(string.format("%.14g %.17g %g", 0.1, 0.1, 2^63))
print(string.format("%s %q %c%c%c %5.2s|", "text", "quo\"te\n", 76, 117, 97, "abc"))
print(string.format("%i %u", -12, 12), string.format("%%"))
print(math.floor(-3.5), math.ceil(-3.5), math.abs(math.mininteger), math.fmod(-7, 3), math.fmod(7, -3))
print(math.sqrt(2), math.sin(1), math.exp(1), math.log(100, 10), math.log(8, 2), math.log(2.718281828459045))
print(math.ult(1, -1), 5 & 3, 5 | 3, 5 ~ 3, ~5, 1 << 62, 1 << 64, -1 >> 1)
math.randomseed(42)
local r = {}
for i = 1, 5 do r[i] = math.random(1, 1000) end
print(table.concat(r, " "), math.random(0) ~= nil)
local sum = 0
for i = 1, 100000 do sum = sum + i * 0.5 end
print(sum, 10 == 10.0, "10" == 10, 1 < 1.5, "a" < "b")
