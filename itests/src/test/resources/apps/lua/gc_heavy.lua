-- A workload that allocates much more than it keeps: strings, tables, closures, weak tables.
collectgarbage("generational")
local kept = {}
local total = 0
for round = 1, 10 do
  local garbage = {}
  for i = 1, 1000 do
    garbage[i] = {i, tostring(i) .. ":" .. round, function() return i end}
  end
  total = total + #garbage + garbage[round][3]()
  kept[round % 10 + 1] = garbage[round]
end
collectgarbage("incremental")
collectgarbage()
print(total, #kept, kept[1][2])
local weak = setmetatable({}, {__mode = "v"})
local strong
for i = 1, 1000 do
  weak[i] = {i}
  if i == 500 then strong = weak[i] end
end
collectgarbage()
collectgarbage()
local alive = 0
for _ in pairs(weak) do alive = alive + 1 end
print(alive <= 1000, weak[500] == strong, strong[1])
local finalized = 0
for i = 1, 200 do setmetatable({}, {__gc = function() finalized = finalized + 1 end}) end
collectgarbage()
collectgarbage()
print(finalized)
local parts = {}
for i = 1, 4000 do parts[#parts + 1] = string.format("%05d", i) end
local s = table.concat(parts)
print(#s, s:sub(1, 10), s:sub(-10))
local chain
for i = 1, 8000 do chain = {next = chain, v = i} end
local n, sum = 0, 0
while chain do n = n + 1; sum = sum + chain.v; chain = chain.next end
print(n, sum)
collectgarbage("step")
print(collectgarbage("isrunning"), type(collectgarbage("count")))
