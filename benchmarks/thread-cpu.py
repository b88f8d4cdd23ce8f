#!/usr/bin/env python3
"""Run a command and report its wall time, its whole CPU time and the CPU of its threads by kind.

Usage: benchmarks/thread-cpu.py [--label TEXT] [--mark REGEX] -- COMMAND ARGS...

The threads' CPU comes from /proc/PID/task/*/stat, polled every 0.1 s (the last value seen per
thread; a thread that ends between two polls loses at most 0.1 s). The whole process's user + system
CPU comes from wait4, so it is exact. For a JVM the threads are grouped as HotSpot names them: C2
and C1 compiler threads, GC threads, and the rest; the busiest other thread (the Wasm thread of a
wali4j run) is shown apart. Prints one line, and the md5 of the command's stdout so that runs can be
checked against a native run of the same program.

With --mark, each stdout line that matches REGEX (one per iteration of a workload repeated in one
process, for instance) also prints a line with the wall and CPU spent since the previous mark: the
per-iteration cost once the warm-up is over.
"""

import hashlib
import os
import re
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def thread_times(pid):
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out[tid] = (name, (int(fields[11]) + int(fields[12])) / TICK)
    return out


def kind(name):
    if name.startswith("C2 Compiler"):
        return "c2"
    if name.startswith("C1 Compiler"):
        return "c1"
    if name.startswith("GC Thread") or name.startswith("G1 ") or name.startswith("VM Thread"):
        return "gc"
    return "other"


def snapshot(seen, wall, usage_total=None):
    groups = {"c2": 0.0, "c1": 0.0, "gc": 0.0, "other": 0.0}
    busiest = ("-", 0.0)
    for name, cpu in seen.values():
        k = kind(name)
        groups[k] += cpu
        if k == "other" and cpu > busiest[1]:
            busiest = (name, cpu)
    total = usage_total if usage_total is not None else sum(groups.values())
    return {"wall": wall, "cpu": total, "busiest": busiest, **groups}


def line(s, prev=None):
    d = {k: s[k] - (prev[k] if prev else 0.0) for k in ("wall", "cpu", "c2", "c1", "gc")}
    b = s["busiest"][1] - (prev["busiest"][1] if prev else 0.0)
    return (
        f"wall {d['wall']:7.2f}  cpu {d['cpu']:7.2f}  busiest({s['busiest'][0]}) {b:6.2f}"
        f"  c2 {d['c2']:6.2f}  c1 {d['c1']:5.2f}  gc {d['gc']:5.2f}"
    )


def main(argv):
    label = ""
    mark = None
    while argv[:1] in (["--label"], ["--mark"]):
        if argv[0] == "--label":
            label = argv[1]
        else:
            mark = re.compile(argv[1].encode())
        argv = argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit(__doc__)
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE)
    digest = hashlib.md5()
    seen = {}
    os.set_blocking(proc.stdout.fileno(), False)
    status = None
    pending = b""
    marks = 0
    prev = None
    while status is None:
        for tid, value in thread_times(proc.pid).items():
            seen[tid] = value
        try:
            chunk = proc.stdout.read()
        except BlockingIOError:
            chunk = None
        if chunk:
            digest.update(chunk)
            if mark:
                *lines, pending = (pending + chunk).split(b"\n")
                for text in lines:
                    if mark.search(text):
                        marks += 1
                        now = snapshot(seen, time.monotonic() - start)
                        print(f"{label:<24} mark {marks:3d}  {line(now, prev)}", flush=True)
                        prev = now
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == 0:
            status = None
            time.sleep(0.1)
    wall = time.monotonic() - start
    rest = proc.stdout.read()
    if rest:
        digest.update(rest)
    s = snapshot(seen, wall, usage.ru_utime + usage.ru_stime)
    print(
        f"{label:<24} {line(s)}  rest {s['other'] - s['busiest'][1]:5.2f}"
        f"  exit {os.waitstatus_to_exitcode(status)}  md5 {digest.hexdigest()}",
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
