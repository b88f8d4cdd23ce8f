#!/usr/bin/env python3
"""ABI proof (a): writes a C file of _Static_assert lines checking, for every type of
wali-abi.md section C and every struct of section D, that our headers give the size, the field
offsets and the field sizes the ABI fixes, and at least its alignment (exactly 1 where the ABI
says packed). Compiling the file with wali-cc is the test.

The names below only say how a spec name is spelled in C (padding fields have musl's
double-underscore names); every number comes from the document. A struct or field of the
document without a spelling here is an error, so new ABI entries cannot be skipped silently.

usage: gen_struct_asserts.py [--internal] > out.c
  --internal  also check libc-internal structs (struct k_sigaction); needs -I<musl tree>/arch/wasm32
"""
import sys

from wali_abi_spec import Spec

TYPES = {
    "reg": "register_t", "unsigned reg": "unsigned long", "syscall_result": "__typeof__(syscall(0))",
    "ptr": "void *", "ptr_func": "void (*)(void)", "uts_str": "((struct utsname *)0)->sysname",
}

# spec struct -> [(C type, {spec field: C member})]; fields not listed keep their spec name.
STRUCTS = {
    "struct timespec": [("struct timespec", {})],
    "struct timeval": [("struct timeval", {})],
    "struct timezone": [("struct timezone", {})],
    "stack_t": [("stack_t", {})],
    "struct dirent": [("struct dirent", {})],
    "struct epoll_event": [("struct epoll_event", {})],
    "struct iovec": [("struct iovec", {})],
    "struct pollfd": [("struct pollfd", {})],
    "struct rlimit": [("struct rlimit", {})],
    "struct sigaction": [
        ("struct sigaction", {}),
        ("struct k_sigaction", {"sa_handler": "handler", "sa_mask": "mask", "sa_flags": "flags",
                                "sa_restorer": "restorer"}),
    ],
    "struct sockaddr": [("struct sockaddr", {})],
    "struct statfs": [("struct statfs", {})],
    "stx_time": [("struct statx_timestamp", {"pad": "__pad"})],
    "struct sysinfo": [("struct sysinfo", {"reserved": "__reserved"})],
    "struct utimbuf": [("struct utimbuf", {})],
    "struct utsname": [("struct utsname", {})],
    "fd_set": [("fd_set", {})],
    "cpu_set_t": [("cpu_set_t", {"bits": "__bits"})],
    "struct itimerval": [("struct itimerval", {})],
    "struct msghdr": [("struct msghdr", {"pad1": "__pad1", "pad2": "__pad2"})],
    # The document spells Linux's ru_msgsnd as ru_msgsng (same offset and size).
    "struct rusage": [("struct rusage", {"reserved": "__reserved", "ru_msgsng": "ru_msgsnd"})],
    "struct stat": [("struct stat", {"pad0": "__pad0", "unused": "__unused"})],
    "struct statx": [("struct statx", {"pad1": "__pad1", "spare": "__spare"})],
}

INTERNAL = {"struct k_sigaction"}

HEADERS = """#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <unistd.h>
#include <signal.h>
#include <dirent.h>
#include <poll.h>
#include <time.h>
#include <utime.h>
#include <sched.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/select.h>
#include <sys/epoll.h>
"""


def c_type(spec_type):
    return TYPES.get(spec_type, spec_type)


def main(internal):
    spec = Spec()
    out = [HEADERS]
    if internal:
        out.append('#define hidden __attribute__((__visibility__("hidden")))\n#include "ksigaction.h"\n')
    count = 0
    out.append("\n/* Section C: type sizes. */\n")
    for name, size in spec.types.items():
        expr = c_type(name)
        operand = expr if expr.startswith("((") else "(%s)" % expr
        out.append('_Static_assert(sizeof %s == %d, "sizeof %s is %d");\n' % (operand, size, name, size))
        count += 1
    # The data model behind section C, as the headers' limits must state it.
    out.append("\n/* Data model: 32-bit pointers and sizes, 64-bit long. */\n")
    for cond in ("SSIZE_MAX == INTPTR_MAX", "SIZE_MAX == UINT32_MAX", "PTRDIFF_MAX == INT32_MAX",
                 "LONG_MAX == INT64_MAX", "ULONG_MAX == UINT64_MAX", "LONG_BIT == 64",
                 "sizeof(ssize_t) == sizeof(size_t)", "sizeof(intptr_t) == sizeof(void *)"):
        out.append('_Static_assert(%s, "%s");\n' % (cond, cond))
        count += 1
    missing = sorted(set(spec.structs) - set(STRUCTS))
    if missing:
        raise SystemExit("no C spelling for section D structs: %s" % ", ".join(missing))
    for name, layout in spec.structs.items():
        for ctype, renames in STRUCTS[name]:
            if ctype in INTERNAL and not internal:
                continue
            out.append("\n/* Section D: %s as %s. */\n" % (name, ctype))
            out.append('_Static_assert(sizeof(%s) == %d, "sizeof(%s)");\n' % (ctype, layout["size"], ctype))
            if layout["packed"]:
                out.append('_Static_assert(_Alignof(%s) == %d, "%s is packed");\n' % (ctype, layout["align"], ctype))
            else:
                out.append('_Static_assert(_Alignof(%s) >= %d, "_Alignof(%s)");\n' % (ctype, layout["align"], ctype))
            count += 2
            for offset, field, _ftype, size in layout["fields"]:
                member = renames.get(field, field)
                out.append('_Static_assert(offsetof(%s, %s) == %d, "%s.%s at %d");\n'
                           % (ctype, member, offset, ctype, member, offset))
                out.append('_Static_assert(sizeof(((%s *)0)->%s) == %d, "%s.%s is %d bytes");\n'
                           % (ctype, member, size, ctype, member, size))
                count += 2
    out.append("\n/* %d assertions. */\n" % count)
    sys.stdout.write("".join(out))
    sys.stderr.write("gen_struct_asserts: %d assertions over %d types and %d structs\n"
                     % (count, len(spec.types), len(spec.structs)))


if __name__ == "__main__":
    main("--internal" in sys.argv[1:])
