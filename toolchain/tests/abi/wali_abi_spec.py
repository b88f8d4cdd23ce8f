"""Reads the fixed WALI ABI (wali-abi.md) into tables, so tests compare our toolchain's output
with the document itself rather than with a hand-made copy of it.

Where the document is: $WALI_ABI_SPEC, else docs/wali-abi.md in the repository, else
shared/spec/wali-abi.md next to the main checkout (../shared from the repository or from the
main worktree of a git worktree).
"""
import os
import re
import subprocess

TOOLCHAIN = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPO = os.path.dirname(TOOLCHAIN)


def locate():
    candidates = []
    if os.environ.get("WALI_ABI_SPEC"):
        candidates.append(os.environ["WALI_ABI_SPEC"])
    candidates.append(os.path.join(REPO, "docs", "wali-abi.md"))
    candidates.append(os.path.join(REPO, "..", "shared", "spec", "wali-abi.md"))
    try:
        common = subprocess.run(["git", "-C", REPO, "rev-parse", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        main = os.path.dirname(os.path.abspath(os.path.join(REPO, common)))
        candidates.append(os.path.join(main, "..", "shared", "spec", "wali-abi.md"))
    except (OSError, subprocess.CalledProcessError):
        pass
    for path in candidates:
        if os.path.isfile(path):
            return os.path.abspath(path)
    raise SystemExit("wali-abi.md not found (set WALI_ABI_SPEC); looked at:\n  " + "\n  ".join(candidates))


def section(text, letter):
    start = text.index("## %s. " % letter)
    nxt = text.find("\n## ", start + 1)
    return text[start:] if nxt < 0 else text[start:nxt]


def table_rows(block):
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            yield cells


def wasm_types(cell):
    cell = cell.strip()
    if cell in ("", "—", "-", "()"):
        return ()
    return tuple(cell.replace("(", "").replace(")", "").replace(",", " ").split())


class Spec:
    def __init__(self, path=None):
        self.path = path or locate()
        with open(self.path, encoding="utf-8") as f:
            self.text = f.read()
        self.syscalls = {}   # import name -> (params, results), sections A + listed extras
        self.core = set()    # section A names (with aliases)
        self.aux = {}        # section B import name -> (params, results)
        self.noncore = set() # names listed without signature in section A
        self.types = {}      # section C
        self.structs = {}    # section D: name -> dict(size, align, packed, fields)
        self._parse_a()
        self._parse_extras()
        self._parse_b()
        self._parse_c()
        self._parse_d()

    def _parse_a(self):
        block = section(self.text, "A")
        for cells in table_rows(block):
            if len(cells) != 6 or cells[0] == "name":
                continue
            m = re.match(r"(\w+)(?: \(alias: (\w+)\))?$", cells[0])
            names = [m.group(1)] + ([m.group(2)] if m.group(2) else [])
            for name in names:
                self.syscalls["SYS_" + name] = (wasm_types(cells[5]), ("i64",))
                self.core.add("SYS_" + name)
        listed = block.split("Syscalls defined but not in the core set", 1)[1]
        listed = listed.split("):", 1)[1].strip().split("\n\n", 1)[0]
        self.noncore = {"SYS_" + n.strip() for n in listed.split(",") if n.strip()}

    def _parse_extras(self):
        # "Beyond the core set of section A, apps import: `epoll_create (i32)`, ..."
        para = self.text.split("Beyond the core set of section A", 1)[1].split("\n\n", 1)[0]
        for name, params in re.findall(r"`(\w+)\s+\(([^)]*)\)`", para):
            self.syscalls["SYS_" + name] = (wasm_types(params), ("i64",))

    def _parse_b(self):
        for cells in table_rows(section(self.text, "B")):
            if len(cells) != 3 or cells[0] == "name":
                continue
            params, results = cells[2].split("->")
            self.aux[cells[0]] = (wasm_types(params), wasm_types(results))

    def _parse_c(self):
        for cells in table_rows(section(self.text, "C")):
            if len(cells) == 2 and cells[0] != "type":
                self.types[cells[0]] = int(cells[1].split()[0])

    def _parse_d(self):
        block = section(self.text, "D")
        for part in block.split("\n### ")[1:]:
            head, body = part.split("\n", 1)
            m = re.match(r"(.+?) — size (\d+), align (\d+)(, packed)?", head.strip())
            fields = []
            for cells in table_rows(body):
                if len(cells) == 4 and cells[0] != "offset":
                    fields.append((int(cells[0]), cells[1], cells[2], int(cells[3])))
            self.structs[m.group(1)] = dict(size=int(m.group(2)), align=int(m.group(3)),
                                            packed=bool(m.group(4)), fields=fields)

    def import_signature(self, name):
        """(params, results) the ABI lists for import `wali.<name>`, or None."""
        if name in self.aux:
            return self.aux[name]
        return self.syscalls.get(name)


if __name__ == "__main__":
    s = Spec()
    print("%s: %d syscalls with signatures (%d core), %d aux, %d unsigned names, %d types, %d structs"
          % (s.path, len(s.syscalls), len(s.core), len(s.aux), len(s.noncore), len(s.types), len(s.structs)))
