#!/usr/bin/env bash
# Prepares a Java runtime of a foreign ISA to run under qemu-user, and prints the root directory to
# hand to qemu (`qemu-<isa> -L ROOT ROOT/usr/lib/jvm/java-17-openjdk-<arch>/bin/java ...`).
#
# The packages (libc6, libgcc-s1, libstdc++6, zlib1g, openjdk-17-jre-headless) come from this
# machine's own apt sources, fetched with a private apt state (its own lists, cache and an empty
# dpkg status), so the machine's dpkg configuration is left as it is (no added architecture), and
# are unpacked with dpkg-deb into the root. Done once per checkout; later calls print the root.
#
# Usage: scripts/cross-java.sh aarch64|riscv64
# Exit status: 0 and the root on stdout; 3 when the apt sources offer no packages of that ISA (the
# reason on stderr); 1 on other errors.
#
# Environment: WALI_CROSS_DIR  where roots are kept (default: build/cross of this checkout)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
isa=${1:?usage: cross-java.sh aarch64|riscv64}
case "$isa" in
  aarch64) arch=arm64 ;;
  riscv64) arch=riscv64 ;;
  *) echo "cross-java: unknown ISA $isa" >&2; exit 1 ;;
esac

dir=${WALI_CROSS_DIR:-$root/build/cross}/$arch
java=usr/lib/jvm/java-17-openjdk-$arch/bin/java
if [[ -x "$dir/root/$java" && -f "$dir/root/.complete" ]]; then
  echo "$dir/root"
  exit 0
fi

apt_opts=(
  -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
  -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::State::status=$dir/apt/status"
  -o "Dir::Cache=$dir/apt/cache" -o "APT::Sandbox::User=root"
  -o "Acquire::IndexTargets::deb-src::Sources::DefaultEnabled=false"
)
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
touch "$dir/apt/status"
echo "cross-java: reading the $arch package lists of this machine's apt sources" >&2
apt-get "${apt_opts[@]}" -qq update >&2

if ! compgen -G "$dir/apt/lists/*binary-${arch}_Packages*" >/dev/null; then
  offered=$(sed -n 's/^Architectures: //p' "$dir"/apt/lists/*_InRelease 2>/dev/null | sort -u |
    tr '\n' ';')
  echo "cross-java: the configured apt sources offer no $arch packages" \
    "(their Release files list: ${offered:-nothing})" >&2
  exit 3
fi

packages=(libc6 libgcc-s1 libstdc++6 zlib1g openjdk-17-jre-headless)
(cd "$dir/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" -qq download "${packages[@]}" >&2)
rm -rf "$dir/root"
mkdir -p "$dir/root"
for deb in "$dir"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dir/root"
done
[[ -x "$dir/root/$java" ]] || { echo "cross-java: no $java in the unpacked packages" >&2; exit 1; }
touch "$dir/root/.complete"
echo "$dir/root"
