#!/usr/bin/env bash
# binfmt-register.sh — makes WebAssembly (WALI) programs directly executable: after it, the kernel
# runs `./app.wasm args...` as `wali run -- ./app.wasm args...` (binfmt_misc, see the kernel's
# Documentation/admin-guide/binfmt-misc.rst).
#
# Usage: scripts/binfmt-register.sh [--name NAME] [--interpreter PATH] [--fix-binary]
#        scripts/binfmt-register.sh [--name NAME] --unregister
#
#   --name NAME         the entry's name under /proc/sys/fs/binfmt_misc (default: wali)
#   --interpreter PATH  what the kernel starts, with the program's path and arguments
#                       (default: scripts/wali-binfmt-interpreter beside this script)
#   --fix-binary        flag F: the kernel opens the interpreter now, so that it also works in
#                       mount namespaces and chroots where its path does not exist
#   --unregister        removes the entry
#
# Needs root. Mounts binfmt_misc when it is not mounted. In a container the register file is often
# absent or read-only (binfmt_misc belongs to the host): the script then says so and fails.
# The entry matches the Wasm binary magic and version (WebAssembly core spec 5.5.16, Modules:
# 0x00 0x61 0x73 0x6D, then version 0x01 0x00 0x00 0x00), whatever the file is called.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
dir=/proc/sys/fs/binfmt_misc
name=wali
interpreter=$here/wali-binfmt-interpreter
flags=
action=register

die() {
  echo "binfmt-register: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --interpreter) interpreter=${2:?--interpreter needs a value}; shift 2 ;;
    --fix-binary) flags=F; shift ;;
    --unregister) action=unregister; shift ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

case "$name" in
  ''|*[!A-Za-z0-9_.-]*) die "a name is letters, digits, '_', '.', '-': $name" ;;
esac

if [ ! -e "$dir/register" ]; then
  mount -t binfmt_misc binfmt_misc "$dir" 2>/dev/null ||
    die "binfmt_misc is not mounted at $dir and cannot be mounted (root needed)"
fi
[ -w "$dir/register" ] || die "$dir/register is not writable (root needed; in a container it is the host's)"

if [ "$action" = unregister ]; then
  [ -e "$dir/$name" ] || die "no entry $name"
  echo -1 > "$dir/$name"
  echo "binfmt-register: removed $name"
  exit 0
fi

interpreter=$(readlink -f "$interpreter")
[ -x "$interpreter" ] || die "not an executable: $interpreter"
case "$interpreter" in *:*) die "the interpreter's path may not contain ':': $interpreter" ;; esac

# Replace an older entry of the same name (its interpreter may have moved).
if [ -e "$dir/$name" ]; then
  echo -1 > "$dir/$name"
fi
printf ':%s:M::\\x00asm\\x01\\x00\\x00\\x00::%s:%s\n' "$name" "$interpreter" "$flags" > "$dir/register"
echo "binfmt-register: $name runs Wasm files with $interpreter"
