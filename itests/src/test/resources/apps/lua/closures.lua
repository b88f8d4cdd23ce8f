-- Closures, upvalues shared between functions, varargs, recursion, tail calls.
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc(); inc()
print(get())
local inc2 = counter()
print(inc2(), get())
local fns = {}
for i = 1, 5 do fns[i] = function() return i * 10 end end
print(fns[1](), fns[5]())
local function sum(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s, select("#", ...)
end
print(sum(1, 2, 3, 4))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
print(loop(100000, 0))
local function compose(f, g) return function(...) return f(g(...)) end end
local add1 = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(add1, dbl)(5), compose(dbl, add1)(5))
local memo = setmetatable({}, {__mode = "k"})
local function memoize(f)
  return function(x)
    local v = memo[x]
    if v == nil then v = f(x); memo[x] = v end
    return v
  end
end
local sq = memoize(function(x) return x * x end)
print(sq(12), sq(12))
local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
print(deep(150))
print(string.format("%s", type(print)), debug and type(debug.traceback))
