# Sourced by ./wali and ./wali-felix: picks the Java runtime and the options its release needs.
#   java         $JAVA, else $JAVA_HOME/bin/java, else java on the PATH (17 or later)
#   java_release its feature release (17, 21, 25, ...; 0 when unknown)
#   java_opts    -XX:-DontCompileHugeMethods -Xss16m, polls in counted loops, and from Java 24 on
#                the permissions below
# Arguments: the modules that load native code (jffi's; ALL-UNNAMED for bundles, which live in
# unnamed modules).

java=${JAVA:-}
if [ -z "$java" ] && [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; fi
java=${java:-java}

# The runtime's feature release (17, 21, 25, ...): its `release` file, else `java -version`.
# Every start runs this, so it forks little (parameter expansion, not dirname).
java_feature() {
  local bin home version
  bin=$(command -v "$java") || { echo 0; return; }
  home=$(readlink -f "$bin")
  home=${home%/*/*}
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  [ -n "$version" ] || version=$("$java" -version 2>&1 | sed -n '1s/^[^"]*"\([0-9]*\).*/\1/p')
  echo "${version:-0}"
}

# The interpreter's dispatch loop is larger than HotSpot's default limit for JIT compilation; deep
# Wasm recursion needs a big thread stack. Counted loops keep a HotSpot poll every 1000 iterations
# whatever collector the JVM picks (G1 sets this itself; Serial, chosen on small machines, and
# Parallel do not): until the first stop request compiled Wasm loops have no check of their own,
# and the request reaches a thread in one at such a poll (docs/JIT.md, "safe points until the
# first request").
java_opts=(-XX:-DontCompileHugeMethods -Xss16m -XX:+UseCountedLoopSafepoints
  -XX:LoopStripMiningIter=1000)
# From Java 24 on, the runtime warns on stderr (which belongs to the program) when sun.misc.Unsafe
# reads memory (the heap memories' access) or a library loads native code (jffi, for the syscall
# trap): both are this runtime's own doing, so they are allowed.
java_release=$(java_feature)
if [ "$java_release" -ge 24 ]; then
  java_opts+=(--sun-misc-unsafe-memory-access=allow "--enable-native-access=$1")
fi
