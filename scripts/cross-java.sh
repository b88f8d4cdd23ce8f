#!/usr/bin/env bash
# Prepares a Java runtime of a foreign ISA to run under qemu-user, and prints the root directory to
# hand to qemu (`qemu-<isa> -L ROOT ROOT/usr/lib/jvm/java-<N>-openjdk-<arch>/bin/java ...`; the
# JDK's version depends on the release, so callers look for usr/lib/jvm/*/bin/java under ROOT).
#
# The packages (libc6, libgcc-s1, libstdc++6, zlib1g and a headless JRE: openjdk-17, else
# openjdk-21) come from this machine's own apt sources, fetched with a private apt state (its own
# lists, cache and an empty dpkg status), so the machine's dpkg configuration is left as it is (no
# added architecture), and are unpacked with dpkg-deb into the root. Done once per checkout; later
# calls print the root.
#
# When the configured suites offer no packages of the ISA (bookworm has no riscv64), the private
# state gets one entry of its own instead: the URI and keyring of the machine's Debian `deb` entry
# for its release (not -security/-updates), with the release $cross_release below, which has every
# Debian architecture. apt verifies that release's InRelease with the machine's keyring like any
# other (debian-archive-keyring of bookworm carries the trixie keys); nothing under /etc/apt
# changes. A root from such a release is merged-/usr, so the root gets the lib -> usr/lib link
# that base-files would make. Absolute links inside the root are made relative, so that the JRE
# reads its own configuration (under the root's /etc), not the host's.
#
# Usage: scripts/cross-java.sh aarch64|riscv64
# Exit status: 0 and the root on stdout; 3 when neither the apt sources nor the derived entry offer
# packages of that ISA (the reason on stderr); 1 (or apt-get's status) on other errors.
#
# Environment: WALI_CROSS_DIR  where roots are kept (default: build/cross of this checkout)
#              APT_ETC         apt configuration directory read for the sources (default /etc/apt)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
isa=${1:?usage: cross-java.sh aarch64|riscv64}
case "$isa" in
  aarch64) arch=arm64 ;;
  riscv64) arch=riscv64 ;;
  *) echo "cross-java: unknown ISA $isa" >&2; exit 1 ;;
esac
# The Debian release taken when the configured suites have no packages of the ISA.
cross_release=trixie
APT_ETC=${APT_ETC:-/etc/apt}

dir=${WALI_CROSS_DIR:-$root/build/cross}/$arch

# The JRE's java under $1, if one is unpacked there (a real directory, not a version alias link).
find_java() {
  local j
  for j in "$1"/usr/lib/jvm/*/bin/java; do
    if [[ -x "$j" && ! -L "$(dirname "$(dirname "$j")")" ]]; then
      echo "$j"
      return 0
    fi
  done
  return 1
}

if [[ -f "$dir/root/.complete" ]] && find_java "$dir/root" >/dev/null; then
  echo "$dir/root"
  exit 0
fi

# Prints "URI KEYRING" of the first enabled `deb` entry of the machine's sources (deb822 files,
# then one-line lists) whose suite is a release (no -security, -updates, -backports suffix).
release_entry() {
  local f
  for f in "$APT_ETC"/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk '
      function flush() {
        if (deb && enabled && uri != "" && release) {
          print uri, (key == "" ? "-" : key)
          found = 1
          exit
        }
        deb = 0; enabled = 1; uri = ""; key = ""; release = 0
      }
      BEGIN { enabled = 1 }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        field = tolower($1)
        if (field == "types:") { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
        else if (field == "enabled:" && tolower($2) == "no") enabled = 0
        else if (field == "uris:") uri = $2
        else if (field == "signed-by:" && $2 ~ /^\//) key = $2
        else if (field == "suites:") { for (i = 2; i <= NF; i++) if ($i !~ /-/) release = 1 }
      }
      END { if (!found) flush() }
    ' "$f" | head -n 1
  done
  for f in "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # deb [options] URI SUITE COMPONENTS...
    sed -n -E 's/^[[:space:]]*deb[[:space:]]+(\[([^]]*)\][[:space:]]+)?([^[:space:]]+)[[:space:]]+([^[:space:]-]+)[[:space:]].*/\3 \2/p' \
      "$f" | while read -r uri opts; do
      key=$(sed -n -E 's/.*signed-by=([^[:space:]]+).*/\1/p' <<<"$opts")
      echo "$uri ${key:--}"
    done
  done
}

sources_opts=()
run_apt() {
  local tool=$1
  shift
  "$tool" -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch" \
    -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::State::status=$dir/apt/status" \
    -o "Dir::Cache=$dir/apt/cache" -o "APT::Sandbox::User=root" \
    -o "Acquire::IndexTargets::deb-src::Sources::DefaultEnabled=false" \
    "${sources_opts[@]}" "$@"
}
has_lists() {
  compgen -G "$dir/apt/lists/*binary-${arch}_Packages*" >/dev/null
}

rm -rf "$dir/apt/lists" "$dir/apt/sources"
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
touch "$dir/apt/status"
if [[ "$APT_ETC" != /etc/apt ]]; then
  sources_opts=(-o "Dir::Etc::sourcelist=$APT_ETC/sources.list"
    -o "Dir::Etc::sourceparts=$APT_ETC/sources.list.d")
fi
echo "cross-java: reading the $arch package lists of this machine's apt sources" >&2
run_apt apt-get -qq update >&2

if ! has_lists; then
  offered=$(sed -n 's/^Architectures: //p' "$dir"/apt/lists/*_InRelease 2>/dev/null | sort -u |
    tr '\n' ';')
  entry=$(release_entry | head -n 1)
  if [[ -z "$entry" ]]; then
    echo "cross-java: the configured apt sources offer no $arch packages" \
      "(their Release files list: ${offered:-nothing}) and have no Debian release entry to" \
      "derive $cross_release from" >&2
    exit 3
  fi
  read -r uri key <<<"$entry"
  [[ "$key" == - ]] && key=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "$dir/apt/sources/sources.list.d"
  cat >"$dir/apt/sources/sources.list.d/$cross_release.sources" <<SOURCES
# Derived by scripts/cross-java.sh from this machine's release entry: it offers no $arch packages.
Types: deb
URIs: $uri
Suites: $cross_release
Components: main
Signed-By: $key
SOURCES
  sources_opts=(-o "Dir::Etc::sourcelist=$dir/apt/sources/none.list"
    -o "Dir::Etc::sourceparts=$dir/apt/sources/sources.list.d")
  rm -rf "$dir/apt/lists"
  mkdir -p "$dir/apt/lists/partial"
  echo "cross-java: the configured suites offer no $arch packages (their Release files list:" \
    "${offered:-nothing}); reading $cross_release of $uri, verified with $key" >&2
  # No trusted=yes: an InRelease that does not verify with the keyring fails the update.
  if ! run_apt apt-get -qq update >&2 || ! has_lists; then
    echo "cross-java: $cross_release of $uri offers no verified $arch packages either" >&2
    exit 3
  fi
fi

jre=""
for candidate in openjdk-17-jre-headless openjdk-21-jre-headless; do
  if [[ "$(run_apt apt-cache show --no-all-versions "$candidate" 2>/dev/null)" == *Package:* ]]; then
    jre=$candidate
    break
  fi
done
[[ -n "$jre" ]] || { echo "cross-java: no openjdk-17 or -21 headless JRE for $arch" >&2; exit 1; }
packages=(libc6 libgcc-s1 libstdc++6 zlib1g "$jre")
echo "cross-java: fetching ${packages[*]} ($arch)" >&2
(cd "$dir/debs" && rm -f ./*.deb && run_apt apt-get -qq download "${packages[@]}" >&2)
rm -rf "$dir/root"
mkdir -p "$dir/root"
for deb in "$dir"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dir/root"
done
# Merged /usr (trixie's libc6 ships the loader under usr/lib only): the links base-files makes.
for d in lib bin sbin; do
  if [[ ! -e "$dir/root/$d" && -d "$dir/root/usr/$d" ]]; then
    ln -s "usr/$d" "$dir/root/$d"
  fi
done
# Absolute links (conf/security/java.security -> /etc/java-N-openjdk/...) would be followed by the
# host kernel to the host's own files, which qemu's -L does not redirect: point them into the root.
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir/root$target")" "$link"
done < <(find "$dir/root" -type l -lname '/*' -print0)
java=$(find_java "$dir/root") || {
  echo "cross-java: no usr/lib/jvm/*/bin/java in the unpacked packages" >&2
  exit 1
}
# Every library the launcher, the VM and the core libraries it loads need must be in the root.
jdk=$(dirname "$(dirname "$java")")
missing=""
for f in "$java" "$jdk"/lib/server/libjvm.so "$jdk"/lib/{libjli,libjava,libjimage,libzip,libnio,libnet,libverify,libextnet}.so; do
  [[ -f "$f" ]] || { missing+=" ${f#"$dir/root/"}"; continue; }
  for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    found=""
    for candidate in "$dir"/root/{usr/lib,lib}{,/*}/"$lib" "$jdk"/lib{,/server}/"$lib"; do
      [[ -e "$candidate" ]] && found=1
    done
    [[ -n "$found" ]] || missing+=" $lib(${f##*/})"
  done
done
if [[ -n "$missing" ]]; then
  echo "cross-java: missing in the root:$missing" >&2
  exit 1
fi
touch "$dir/root/.complete"
echo "cross-java: java is ${java#"$dir/root/"}" >&2
echo "$dir/root"
