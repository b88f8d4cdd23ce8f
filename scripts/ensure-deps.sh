#!/usr/bin/env bash
# Installs what the build and the test suite need, on Debian (bookworm or later), when missing.
#
# Idempotent and fast when everything is present: it only queries dpkg, and runs
# `apt-get update` only when a package is missing or when source indices are needed and absent.
#
# It also enables source entries (deb-src) so that scripts/fetch-spec-tests.sh can run
# `apt-get source binaryen`. Those entries are derived at run time from the machine's own apt
# sources (deb822 files with `Types: deb`, one-line `deb ...` entries); no archive host is named
# here.
#
# Environment:
#   APT_ETC          apt configuration directory (default /etc/apt); tests point it elsewhere
#   WALI_SKIP_APT=1  only report what is missing, change nothing
set -euo pipefail

APT_ETC="${APT_ETC:-/etc/apt}"
DERIVED_NAME="wali4j-derived-deb-src"

PACKAGES=(
  openjdk-17-jdk-headless
  maven
  clang-19
  lld-19
  libclang-rt-19-dev-wasm32
  # The WALI toolchain: clang-22's wasm32-unknown-linux-muslwali target has WALI's 8-byte long.
  clang-22
  lld-22
  llvm-22
  libclang-rt-22-dev-wasm32
  tcl
  wabt
  # toolchain/apps/build-bash.sh: wasm-opt --fpcast-emu
  binaryen
  # itests' MemcachedDifferentialTest: memccapable, libmemcached's protocol conformance client
  libmemcached-tools
  dpkg-dev
  gcc
  make
  python3
  xz-utils
  ca-certificates
  # Cross compilers and qemu-user: the backend contract tests build a probe of each ISA's real
  # ABI (syscall numbers, constants, struct layouts) and run it under qemu-user.
  gcc-aarch64-linux-gnu
  libc6-dev-arm64-cross
  gcc-riscv64-linux-gnu
  libc6-dev-riscv64-cross
  qemu-user
)

log() { echo "ensure-deps: $*" >&2; }

missing_packages() {
  local pkg status
  for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
      echo "$pkg"
    fi
  done
}

# Prints deb822 stanzas of type deb-src equivalent to every enabled `Types: deb` stanza read on
# stdin. Other fields (URIs, Suites, Components, Signed-By with its continuation lines, comments)
# are copied unchanged.
deb822_to_deb_src() {
  awk '
    function flush() {
      if (n > 0 && is_deb && enabled) {
        if (printed) { print "" }
        for (i = 1; i <= n; i++) { print lines[i] }
        printed = 1
      }
      n = 0; is_deb = 0; enabled = 1
    }
    BEGIN { n = 0; is_deb = 0; enabled = 1; printed = 0 }
    /^[ \t]*$/ { flush(); next }
    {
      line = $0
      if (tolower(line) ~ /^types:/) {
        split(substr(line, index(line, ":") + 1), types, /[ \t]+/)
        for (t in types) { if (types[t] == "deb") { is_deb = 1 } }
        line = "Types: deb-src"
      } else if (tolower(line) ~ /^enabled:[ \t]*no/) {
        enabled = 0
      }
      lines[++n] = line
    }
    END { flush() }
  '
}

# Prints a one-line deb-src entry for every one-line `deb ...` entry read on stdin.
one_line_to_deb_src() {
  sed -n -E 's/^[[:space:]]*deb([[:space:]]+)/deb-src\1/p'
}

has_deb_src() {
  local f
  for f in "$APT_ETC"/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    if grep -qiE '^types:.*\bdeb-src\b' "$f"; then
      return 0
    fi
  done
  for f in "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    if grep -qE '^[[:space:]]*deb-src[[:space:]]' "$f"; then
      return 0
    fi
  done
  return 1
}

# Writes the derived deb-src entries into $APT_ETC/sources.list.d; returns 1 when nothing could be
# derived.
write_deb_src() {
  local dir="$APT_ETC/sources.list.d" f deb822="" oneline=""
  for f in "$dir"/*.sources; do
    [[ -f "$f" ]] || continue
    [[ "$(basename "$f")" == "$DERIVED_NAME.sources" ]] && continue
    deb822+="$(deb822_to_deb_src <"$f")"$'\n\n'
  done
  for f in "$APT_ETC"/sources.list "$dir"/*.list; do
    [[ -f "$f" ]] || continue
    [[ "$(basename "$f")" == "$DERIVED_NAME.list" ]] && continue
    oneline+="$(one_line_to_deb_src <"$f")"$'\n'
  done
  # Squeeze blank lines so stanzas stay separated by exactly one.
  deb822=$(printf '%s' "$deb822" | cat -s | sed -e '/./,$!d')
  oneline=$(printf '%s' "$oneline" | sed '/^$/d')
  if [[ -z "$deb822" && -z "$oneline" ]]; then
    return 1
  fi
  mkdir -p "$dir"
  if [[ -n "$deb822" ]]; then
    printf '# Derived by scripts/ensure-deps.sh from the deb entries of this machine.\n%s\n' \
      "$deb822" >"$dir/$DERIVED_NAME.sources"
  fi
  if [[ -n "$oneline" ]]; then
    printf '# Derived by scripts/ensure-deps.sh from the deb entries of this machine.\n%s\n' \
      "$oneline" >"$dir/$DERIVED_NAME.list"
  fi
  return 0
}

have_source_indices() {
  compgen -G "/var/lib/apt/lists/*_Sources*" >/dev/null
}

main() {
  local missing need_update=0
  mapfile -t missing < <(missing_packages)

  if [[ "${WALI_SKIP_APT:-0}" == 1 ]]; then
    ((${#missing[@]} == 0)) || log "missing packages: ${missing[*]}"
    has_deb_src || log "no deb-src entries"
    return 0
  fi

  if ((${#missing[@]} == 0)) && has_deb_src && have_source_indices; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    if ((${#missing[@]} > 0)); then
      log "missing packages (run as root to install): ${missing[*]}"
      return 1
    fi
    # Only scripts/fetch-spec-tests.sh needs source entries, and only before its first fetch.
    log "note: deb-src entries or their indices are missing; run as root before fetching sources"
    return 0
  fi

  if ! has_deb_src; then
    if write_deb_src; then
      log "enabled deb-src entries derived from the deb entries in $APT_ETC"
    else
      log "no deb entries found in $APT_ETC to derive deb-src entries from"
    fi
    need_update=1
  fi
  if ((${#missing[@]} > 0)) || ! have_source_indices; then
    need_update=1
  fi
  if ((need_update)); then
    log "apt-get update"
    apt-get update -qq
  fi
  if ((${#missing[@]} > 0)); then
    log "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Sourcing this file (for tests) defines the functions without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
