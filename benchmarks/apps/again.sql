-- workload.sql once more on fresh tables: `sqlite3 :memory: ".read benchmarks/apps/workload.sql"
-- ".read benchmarks/apps/again.sql" ...` runs the workload's statements N times in one process
-- (benchmarks/thread-cpu.py --mark separates the iterations).
DROP TABLE item;
DROP TABLE grp;
.read benchmarks/apps/workload.sql
