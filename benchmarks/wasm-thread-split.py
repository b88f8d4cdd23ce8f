#!/usr/bin/env python3
"""What the Wasm thread ran: the interpreter, or generated code in C2's, C1's or the JVM's bytecode.

Usage: benchmarks/wasm-thread-split.py RECORDING.jfr LOGFILE

Run the launcher with -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
-XX:+LogCompilation -XX:LogFile=LOGFILE -XX:StartFlightRecording=filename=RECORDING.jfr,settings=profile
(JFR prints one line on stdout). The busiest sampled thread is taken as the Wasm thread. Each of its
execution samples is counted by its physical frame (the first frame not inlined): the interpreter
(io.wali4j.core.interp), generated code (the tier's WasmBatch hidden classes) or the rest. For
generated code run compiled, the highest tier HotSpot had installed and not yet made not entrant
for that method at the sample's time (LogCompilation's nmethod and make_not_entrant stamps; an
on-stack compile counts too); for generated code run by the JVM's interpreter, whether that
method's code had been made not entrant before (waiting for a recompile after a trap or a
repointed call site) or it had never been compiled.
"""

import collections
import json
import re
import subprocess
import sys
from datetime import datetime


def compiled_code(log):
    """Method name -> [start, end, level] of each nmethod of generated code."""
    codes = collections.defaultdict(list)
    by_id = {}
    with open(log, errors="replace") as f:
        t0 = int(re.search(r"time_ms='(\d+)'", f.read(400)).group(1)) / 1000.0
        f.seek(0)
        for line in f:
            if line.startswith("<nmethod ") and "WasmBatch" in line:
                name = re.search(r"method='[^ ]* (\S+) ", line)
                level = re.search(r" level='(\d)'", line)
                if name:
                    rec = [float(re.search(r"stamp='([\d.]+)'", line).group(1)), 1e18,
                           int(level.group(1)) if level else 4]
                    codes[name.group(1)].append(rec)
                    by_id[re.search(r"compile_id='(\d+)'", line).group(1)] = rec
            elif line.startswith("<make_not_entrant "):
                m = re.search(r"compile_id='(\d+)'.*stamp='([\d.]+)'", line)
                if m and m.group(1) in by_id:
                    rec = by_id[m.group(1)]
                    rec[1] = min(rec[1], float(m.group(2)))
    return t0, codes


def main():
    jfr, log = sys.argv[1], sys.argv[2]
    t0, codes = compiled_code(log)
    out = subprocess.run(
        ["jfr", "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr],
        capture_output=True, text=True, check=True).stdout
    events = [e["values"] for e in json.loads(out)["recording"]["events"]]
    thread = collections.Counter(e["sampledThread"]["javaName"] for e in events).most_common(1)[0][0]
    kinds = collections.Counter()
    n = 0
    for e in events:
        frames = e["stackTrace"]["frames"] if e["sampledThread"]["javaName"] == thread else []
        if not frames:
            continue
        n += 1
        p = next((f for f in frames if f["type"] != "Inlined"), frames[-1])
        cls, name = p["method"]["type"]["name"], p["method"]["name"]
        interpreted = p["type"] == "Interpreted"
        if cls.startswith("io/wali4j/core/interp"):
            kinds["the interpreter" + (" (JVM-interpreted)" if interpreted else "")] += 1
        elif "WasmBatch" not in cls:
            kinds["runtime and JDK code"] += 1
        else:
            t = datetime.fromisoformat(e["startTime"][:26]).timestamp() - t0
            recs = codes.get(name, [])
            if interpreted:
                before = any(r[1] <= t for r in recs)
                kinds["generated, JVM interpreter, " + ("after not entrant" if before else "never compiled yet")] += 1
            else:
                live = [r[2] for r in recs if r[0] <= t < r[1]]
                kinds[f"generated, compiled, tier {max(live)}" if live else "generated, compiled, tier unknown"] += 1
    print(f"{thread}: {n} samples")
    for k, v in kinds.most_common():
        print(f"{v:7d} {100 * v / n:5.1f}%  {k}")


if __name__ == "__main__":
    main()
