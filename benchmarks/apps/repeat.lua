-- Runs workload.lua's whole work N times in one process (default 4), printing its checksum line
-- after each: the first iteration carries the warm-up (interpreter, code generation, HotSpot's
-- compilers), the later ones show the speed of the compiled code (benchmarks/thread-cpu.py --mark).
local n = tonumber(arg and arg[1]) or 4
local work = assert(loadfile(arg and arg[2] or "benchmarks/apps/workload.lua"))
arg = {}
for _ = 1, n do
  work()
  io.stdout:flush()
end
