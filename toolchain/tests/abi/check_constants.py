#!/usr/bin/env python3
"""ABI proof (c): the constants of our headers (O_*, SIG*, E*, MAP_*, PROT_*, F_*, SA_*) equal
x86_64 Linux's.

The names are those both the native headers (gcc, glibc on x86_64) and the WALI headers
(wali-cc) define. A native probe built with gcc prints each integer constant; the same names are
then compiled with wali-cc as `_Static_assert((long long)(NAME) == <native value>)` lines, so no
runtime is needed to read the WALI values. Every failing assertion is a difference; differences
must be listed, with their reason, in constants-expected-differences.txt (an entry that no longer
differs is reported too, so the list stays true).

usage: check_constants.py WALI_CC WORKDIR
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = re.compile(r"^(O_|SIG|E[A-Z0-9]|MAP_|PROT_|F_|SA_)\w+$")
HEADERS = "#define _GNU_SOURCE\n#include <fcntl.h>\n#include <signal.h>\n#include <errno.h>\n#include <sys/mman.h>\n"


def macro_names(cc, workdir, tag):
    src = os.path.join(workdir, "names-%s.c" % tag)
    with open(src, "w") as f:
        f.write(HEADERS)
    out = subprocess.run(cc + ["-E", "-dM", src], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "#define" and "(" not in parts[1] and PREFIX.match(parts[1]):
            names.add(parts[1])
    return names


def native_values(names, workdir):
    src = os.path.join(workdir, "probe-native.c")
    exe = os.path.join(workdir, "probe-native")
    with open(src, "w") as f:
        f.write(HEADERS + "#include <stdio.h>\n")
        f.write("#define INTEGRAL(x) _Generic((x), int: 1, unsigned: 1, long: 1, unsigned long: 1, "
                "long long: 1, unsigned long long: 1, default: 0)\n")
        f.write("#define P(x) if (INTEGRAL(x) && __builtin_constant_p(x)) "
                "printf(\"%s %lld\\n\", #x, (long long)(x));\n")
        f.write("int main(void) {\n")
        for name in sorted(names):
            f.write("  P(%s)\n" % name)
        f.write("  return 0;\n}\n")
    subprocess.run(["gcc", "-O1", "-w", "-o", exe, src], check=True)
    values = {}
    for line in subprocess.run([exe], capture_output=True, text=True, check=True).stdout.splitlines():
        name, value = line.split()
        values[name] = int(value)
    return values


def wali_differences(wali_cc, values, workdir):
    src = os.path.join(workdir, "probe-wali.c")
    with open(src, "w") as f:
        f.write(HEADERS)
        for name, value in sorted(values.items()):
            f.write('_Static_assert((long long)(%s) == %dLL, "%s");\n' % (name, value, name))
    run = subprocess.run(wali_cc + ["-fsyntax-only", "-ferror-limit=0", src], capture_output=True, text=True)
    # clang: "error: static assertion failed due to requirement '...': NAME", then
    # "note: expression evaluates to '<wali> == <native>'".
    differ, current = {}, None
    for line in run.stderr.splitlines():
        m = re.search(r"error: static assertion failed due to requirement .*: (\w+)$", line)
        if m:
            current = m.group(1)
            differ[current] = None
            continue
        m = re.search(r"note: expression evaluates to '(-?\d+) == (-?\d+)'", line)
        if m and current:
            differ[current] = int(m.group(1))
            current = None
    if run.returncode != 0 and not differ:
        sys.stderr.write(run.stderr)
        raise SystemExit("wali probe failed to compile for another reason")
    return differ


def expected():
    table = {}
    with open(os.path.join(HERE, "constants-expected-differences.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, reason = line.split(None, 1)
                table[name] = reason
    return table


def main(wali_cc, workdir):
    os.makedirs(workdir, exist_ok=True)
    wali_cc = [wali_cc]
    native = macro_names(["gcc"], workdir, "native")
    wali = macro_names(wali_cc, workdir, "wali")
    common = native & wali
    values = native_values(common, workdir)
    differ = wali_differences(wali_cc, values, workdir)
    allowed = expected()
    failures = 0
    for name in sorted(differ):
        if name in allowed:
            print("note %s: WALI %s, glibc %s (%s)" % (name, differ[name], values[name], allowed[name]))
        else:
            print("FAIL %s: WALI %s, x86_64 Linux (glibc) %s" % (name, differ[name], values[name]))
            failures += 1
    for name in sorted(set(allowed) - set(differ)):
        print("FAIL %s is listed as differing but now equals %s" % (name, values.get(name)))
        failures += 1
    print("%s constants: %d names in both header sets, %d integer constants compared, %d equal, "
          "%d known differences, %d failures (only in glibc: %d, only in WALI: %d)"
          % ("ok  " if not failures else "FAIL", len(common), len(values), len(values) - len(differ),
             len(set(differ) & set(allowed)), failures, len(native - wali), len(wali - native)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
