#!/usr/bin/env python3
"""Why HotSpot threw compiled code away, from a -XX:+LogCompilation file (JDK 17).

Usage: benchmarks/deopt-reasons.py [--list REASON] LOGFILE

Run the launcher with -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=LOGFILE.
Prints, for C2 (level 4), split into generated Wasm code (the tier's WasmBatch hidden classes) and
the rest:
- compilations that failed, by reason ("call site target change": a call site the compilation
  depended on was repointed while it compiled, so the finished code was discarded);
- installed code later made not entrant, by reason: "dep:TYPE" when a dependency failed
  (dep:call_site_target_value: a MutableCallSite was repointed, Links.compiled), "trap:REASON" after
  an uncommon trap that asked for it (unstable_if: a branch not taken when profiled); code
  replaced by a higher tier is not counted;
- for each, the count and the wall seconds its compilation took (the task's start and end
  stamps: wall time, inflated on a loaded machine; compare within one run).
And the same counts for C1 code made not entrant by a dependency or a trap.
--list REASON also lists the C2 code made not entrant for REASON (stamp, compile seconds, method).

A dependency failure is logged (dependency_failed) by the thread that made the change, just before
it makes the dependent methods not entrant (make_not_entrant by the same writer thread), which is
how the two are matched here.
"""

import re
import sys
from collections import defaultdict

ATTR = re.compile(r"(\w+)='([^']*)'")


def attrs(line):
    return dict(ATTR.findall(line))


def parse(path):
    tasks = {}  # compile_id -> task
    writer = None
    deps = {}  # writer thread -> dependency types of its last run of dependency_failed lines
    last = {}  # writer thread -> kind of its last line: dep, mne, other
    trap_for = {}  # compile_id -> reason of an uncommon trap that makes it not entrant
    mne = []  # (compile_id, reason, stamp)
    cur = None
    with open(path, errors="replace") as f:
        for line in f:
            s = line.lstrip()
            if s.startswith("<writer "):
                writer = attrs(s).get("thread")
                continue
            if s.startswith("<task ") and "compile_id" in s:
                a = attrs(s)
                cur = a["compile_id"]
                tasks[cur] = {
                    "method": a.get("method", "?"),
                    "level": a.get("level", "4"),
                    "start": float(a.get("stamp", 0)),
                    "end": None,
                    "failure": None,
                    "osr": "osr_bci" in a,
                }
            elif s.startswith("<failure ") and cur is not None:
                if tasks[cur]["failure"] is None:
                    tasks[cur]["failure"] = attrs(s).get("reason")
            elif s.startswith("<task_done") and cur is not None:
                a = attrs(s)
                tasks[cur]["end"] = float(a.get("stamp", 0))
                if a.get("success") == "1":
                    tasks[cur]["failure"] = None
                cur = None
            elif s.startswith("<dependency_failed"):
                if last.get(writer) != "dep":
                    deps[writer] = []
                deps[writer].append(attrs(s).get("type"))
                last[writer] = "dep"
                continue
            elif s.startswith("<uncommon_trap ") and "compile_id" in s:
                a = attrs(s)
                if a.get("action") in ("reinterpret", "make_not_entrant") and a.get("reason"):
                    trap_for[a["compile_id"]] = a["reason"]
            elif s.startswith("<make_not_entrant"):
                a = attrs(s)
                cid = a.get("compile_id")
                if last.get(writer) in ("dep", "mne") and deps.get(writer):
                    ts = deps[writer]
                    mne.append((cid, "dep:" + max(set(ts), key=ts.count), float(a["stamp"])))
                    last[writer] = "mne"
                    continue
                if cid in trap_for:
                    mne.append((cid, "trap:" + trap_for.pop(cid), float(a["stamp"])))
            last[writer] = "other"
    return tasks, mne


def main(argv):
    show = None
    if argv[:1] == ["--list"]:
        show, argv = argv[1], argv[2:]
    if len(argv) != 1:
        sys.exit(__doc__)
    tasks, mne = parse(argv[0])

    def kind(cid):
        t = tasks.get(cid)
        return "wasm" if t and "WasmBatch" in t["method"] else "other"

    def secs(t):
        return t["end"] - t["start"] if t and t["end"] is not None else 0.0

    c2 = {k: t for k, t in tasks.items() if t["level"] == "4"}
    total = defaultdict(float)
    for k, t in c2.items():
        total[kind(k)] += secs(t)
    print(f"C2 compilations {len(c2)}, wall s: wasm {total['wasm']:.1f}, other {total['other']:.1f}")
    failed = defaultdict(lambda: [0, 0.0])
    for k, t in c2.items():
        if t["failure"]:
            failed[(t["failure"], kind(k))][0] += 1
            failed[(t["failure"], kind(k))][1] += secs(t)
    print("C2 compilations failed          reason, code: count, wall s")
    for (r, kd), (n, sec) in sorted(failed.items(), key=lambda x: -x[1][1]):
        print(f"  {r:44s} {kd:5s} {n:4d} {sec:7.1f}")
    gone = defaultdict(lambda: [0, 0.0])
    c1 = defaultdict(int)
    for cid, reason, stamp in mne:
        t = tasks.get(cid)
        if t and t["level"] == "4":
            gone[(reason, kind(cid))][0] += 1
            gone[(reason, kind(cid))][1] += secs(t)
        else:
            c1[(reason, kind(cid))] += 1
    print("C2 code made not entrant        reason, code: count, its compilation's wall s")
    for (r, kd), (n, sec) in sorted(gone.items(), key=lambda x: -x[1][1]):
        print(f"  {r:44s} {kd:5s} {n:4d} {sec:7.1f}")
    print("C1 code made not entrant        reason, code: count")
    for (r, kd), n in sorted(c1.items(), key=lambda x: -x[1]):
        print(f"  {r:44s} {kd:5s} {n:4d}")
    if show:
        for cid, reason, stamp in mne:
            t = tasks.get(cid)
            if reason == show and t and t["level"] == "4":
                osr = " (osr)" if t["osr"] else ""
                print(f"  {stamp:8.1f} s  {secs(t):5.1f} s  {t['method'][:100]}{osr}")


if __name__ == "__main__":
    main(sys.argv[1:])
