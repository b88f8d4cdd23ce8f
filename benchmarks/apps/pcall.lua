-- The lua script of benchmarks/RESULTS.md ("compiled frames move to the interpreter at
-- setjmp/fork"): a recursive fib(27), 200000 pcalls (each a setjmp in luaD_rawrunprotected) and a
-- 3M-step loop. Prints each phase's os.clock seconds (CPU time of the process, all threads) and
-- the results, which the native and WALI runs must agree on.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local t0 = os.clock()
local f = fib(27)
local t1 = os.clock()

local s = 0
for i = 1, 200000 do
  local ok, v = pcall(function(x) return x * 2 end, i)
  if ok then s = s + v end
end
local t2 = os.clock()

local a = 0
for i = 1, 3000000 do a = a + i end
local t3 = os.clock()

print(string.format("fib %d pcalls %d loop %d", f, s, a))
print(string.format("clock fib %.2f pcall %.2f loop %.2f total %.2f",
  t1 - t0, t2 - t1, t3 - t2, t3 - t0))
