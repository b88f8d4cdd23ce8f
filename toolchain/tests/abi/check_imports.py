#!/usr/bin/env python3
"""ABI proof (b): every import of the given WALI modules is a function from module `wali` whose
type is exactly the one wali-abi.md lists (section A, the extra signatures it names, section B),
and each module has the WALI shape (defines and exports one shared memory of at most 2 GiB,
imports no memory, exports _start).

An import named in the ABI's list of non-core syscalls, for which the document gives no
signature, must still return i64 and is reported as unverified.

usage: check_imports.py module.wasm...
"""
import re
import subprocess
import sys

from wali_abi_spec import Spec

TYPE_RE = re.compile(r"- type\[(\d+)\] \((.*)\) -> (.*)$")
IMPORT_RE = re.compile(r"- (\w+)\[\d+\] (?:sig=(\d+) )?<[^>]*> <- ([^.\s]+)\.(\S+)")
MEMORY_RE = re.compile(r"- memory\[0\] pages: initial=(\d+)(?: max=(\d+))?( shared)?")


def objdump(path):
    return subprocess.run(["wasm-objdump", "-x", path], capture_output=True, text=True,
                          check=True).stdout


def types_of(listing):
    types = {}
    for line in listing.splitlines():
        m = TYPE_RE.search(line.strip())
        if m:
            params = tuple(p.strip() for p in m.group(2).split(",") if p.strip())
            results = m.group(3).strip()
            results = () if results == "nil" else tuple(
                r.strip() for r in results.strip("()").split(",") if r.strip())
            types[int(m.group(1))] = (params, results)
    return types


def section_lines(listing, name):
    out, inside = [], False
    for line in listing.splitlines():
        if re.match(r"^\w+(\[\d+\])?:", line):
            inside = line.startswith(name)
            continue
        if inside:
            out.append(line.strip())
    return out


def check(path, spec):
    listing = objdump(path)
    types = types_of(listing)
    errors, unverified, count = [], [], 0
    for line in section_lines(listing, "Import"):
        m = IMPORT_RE.search(line)
        if not m:
            continue
        kind, sig, module, name = m.groups()
        count += 1
        if module != "wali" or kind != "func":
            errors.append("%s: import %s %s.%s: WALI modules import only functions from 'wali'"
                          % (path, kind, module, name))
            continue
        got = types[int(sig)]
        want = spec.import_signature(name)
        if want is not None:
            if got != want:
                errors.append("%s: wali.%s has type %s, the ABI lists %s" % (path, name, fmt(got), fmt(want)))
        elif name in spec.noncore:
            if got[1] != ("i64",):
                errors.append("%s: wali.%s returns %s, syscalls return i64" % (path, name, fmt(got)))
            else:
                unverified.append(name)
        else:
            errors.append("%s: wali.%s is not in the WALI ABI" % (path, name))
    memories = [MEMORY_RE.search(l) for l in section_lines(listing, "Memory")]
    memories = [m for m in memories if m]
    if len(memories) != 1 or not memories[0].group(3) or memories[0].group(2) != "32768":
        errors.append("%s: needs one defined shared memory with max 32768 pages, found %s"
                      % (path, [m.group(0) for m in memories]))
    exports = "\n".join(section_lines(listing, "Export"))
    if '-> "memory"' not in exports or '-> "_start"' not in exports:
        errors.append("%s: must export memory and _start" % path)
    return count, errors, unverified


def fmt(sig):
    return "(%s) -> (%s)" % (" ".join(sig[0]), " ".join(sig[1]))


def main(paths):
    spec = Spec()
    failures = 0
    for path in paths:
        count, errors, unverified = check(path, spec)
        for e in errors:
            print("FAIL " + e)
        failures += len(errors)
        note = " (%d without a signature in the ABI: %s)" % (len(unverified), " ".join(sorted(unverified))) if unverified else ""
        print("%s %s: %d imports checked%s" % ("ok  " if not errors else "FAIL", path, count, note))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
