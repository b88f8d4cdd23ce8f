-- Table construction, length, insert/remove/sort/concat/move/unpack, metatables.
local t = {10, 20, 30, x = 1, ["y z"] = 2}
print(#t, t[1], t.x, t["y z"], t[4])
table.insert(t, 40); table.insert(t, 1, 5)
print(table.concat(t, ","), table.remove(t), table.remove(t, 1), table.concat(t, ","))
local words = {"pear", "apple", "fig", "banana", "cherry", "date"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(words, " "))
print(table.unpack({1, 2, 3}))
print(select("#", table.unpack({1, nil, 3}, 1, 3)), select(2, "a", "b", "c"))
local moved = table.move({1, 2, 3, 4, 5}, 2, 4, 1, {})
print(table.concat(moved, ","))
-- pairs() order depends on a per-run hash seed: sort the keys.
local h = {}
for i = 1, 50 do h["k" .. i] = i * i end
local keys = {}
for k in pairs(h) do keys[#keys + 1] = k end
table.sort(keys)
local acc = 0
for _, k in ipairs(keys) do acc = acc + h[k] end
print(#keys, keys[1], keys[50], acc)
-- Metatables: arithmetic, index, newindex, call, tostring, len, eq, lt, concat, close.
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, V) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__len = function() return 2 end
V.__concat = function(a, b) return tostring(a) .. tostring(b) end
V.__call = function(self, k) return self[k] end
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), a == vec(1, 2), a < b, b <= a, #a, a .. b, a("y"))
local defaults = setmetatable({}, {__index = function(_, k) return k .. "?" end})
print(defaults.missing, rawget(defaults, "missing"))
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end})
proxy.a = 1; proxy.b = 2; proxy.a = 3
print(table.concat(log, ","), proxy.a, rawlen({1, 2, 3}), rawequal(a, a))
do
  local closed = {}
  do
    local r <close> = setmetatable({}, {__close = function() closed[#closed + 1] = "closed" end})
  end
  print(closed[1])
end
local big = {}
for i = 1, 10000 do big[i] = i end
print(#big, big[#big], next({}), type(next({5})))
