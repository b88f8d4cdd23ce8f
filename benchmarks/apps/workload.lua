-- The lua workload of ./bench (benchmarks/README.md): table, string and closure work, a few
-- seconds natively. Prints one checksum line; the native and WALI runs must agree on it.
local rounds = tonumber(arg and arg[1]) or 12

local function counter()
  local n = 0
  return function(k) n = n + k; return n end
end

local function words(i)
  local t = {}
  for j = 1, 40 do
    t[#t + 1] = string.format("w%d_%x", (i * 31 + j * 17) % 997, j * i)
  end
  return t
end

local sum = 0
for r = 1, rounds do
  -- tables: a map built, read back and sorted
  local map, keys = {}, {}
  for i = 1, 60000 do
    local key = "k" .. ((i * 7919 + r) % 50021)
    if not map[key] then keys[#keys + 1] = key end
    map[key] = (map[key] or 0) + i
  end
  table.sort(keys)
  for i = 1, #keys, 97 do sum = (sum + map[keys[i]]) % 1000000007 end
  -- strings: concatenation, gsub, find, byte
  for i = 1, 3000 do
    local s = table.concat(words(i), ",")
    s = s:gsub("w(%d+)_", "%1:"):upper()
    local a, b = s:find("1:", 1, true)
    sum = (sum + #s + (a or 0) + s:byte(1 + i % #s)) % 1000000007
  end
  -- closures: many small ones, called through tables
  local fs = {}
  for i = 1, 2000 do fs[i] = counter() end
  for k = 1, 200 do
    for i = 1, #fs, 3 do sum = (sum + fs[i](k)) % 1000000007 end
  end
end
print("checksum " .. sum)
