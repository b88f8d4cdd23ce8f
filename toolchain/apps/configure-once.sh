# Sourced by the apps' build scripts (bash-options.sh, memcached-options.sh): one autoconf
# configure per build directory and set of arguments.

# configure_once OBJDIR SRCDIR ARGS...: runs SRCDIR's configure in OBJDIR, from scratch, unless it
# ran there for the same SRCDIR (the Makefile names it: a checkout moved, or a build directory
# copied from another, needs a new one) with the same arguments and the Makefile is newer than
# STAMP_INPUT (if set). A configure takes a minute or two, and objects made under another
# configuration may not depend on what changed (bash's depend on neither the Makefile nor the
# flags), hence the fresh tree on every new configuration.
configure_once() {
  local obj="$1" src="$2"; shift 2
  local stamp="$obj/.configure-args"
  if [[ -f "$obj/Makefile" && "$(cat "$stamp" 2>/dev/null)" == "$src $*" \
        && ( -z "${STAMP_INPUT:-}" || ! "$STAMP_INPUT" -nt "$obj/Makefile" ) ]]; then
    return 0
  fi
  rm -rf "$obj" && mkdir -p "$obj"
  (cd "$obj" && "$src/configure" -q "$@" >configure.out 2>&1) \
    || { tail -30 "$obj/configure.out" >&2; return 1; }
  echo "$src $*" > "$stamp"
}
