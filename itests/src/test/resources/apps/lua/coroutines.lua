-- Coroutines: generators, wrap, status, passing values, errors, yield across pcall.
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i * i) end end)
end
local out = {}
for v in gen(6) do out[#out + 1] = v end
print(table.concat(out, " "))
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "done"
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co), coroutine.resume(co))
local bad = coroutine.create(function() error("inside") end)
print(coroutine.resume(bad))
print(coroutine.status(bad))
local inner = coroutine.wrap(function()
  local ok, v = pcall(function() return coroutine.yield("from pcall") end)
  coroutine.yield(tostring(ok) .. " " .. tostring(v))
  return "end"
end)
print(inner(), inner("resumed"), inner())
print(coroutine.isyieldable(), select(2, coroutine.running()))
-- A producer/consumer pipeline.
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end
  end)
end
local function filter(p)
  return coroutine.create(function()
    while true do
      local ok, w = coroutine.resume(p)
      if not w then return end
      coroutine.yield(w:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local ok, w = coroutine.resume(f)
  if not w then break end
  io.write(w, ";")
end
print()
local closeme = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closeme)
print(coroutine.close(closeme), coroutine.status(closeme))
local many = 0
for i = 1, 2000 do
  local c = coroutine.wrap(function(x) coroutine.yield(x + 1) end)
  many = many + c(i)
end
print(many)
