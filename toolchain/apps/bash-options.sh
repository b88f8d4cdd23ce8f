# bash's configure options, shared by build-bash.sh (wali-cc) and build-native.sh (gcc) so that
# both builds are the same shell (sourced, not run):
#   --without-bash-malloc   the C library's malloc; bash's own one wants sbrk, which Wasm has not
#   --disable-nls           no message catalogues (and no libintl to link)
#   --disable-readline, --disable-history, --disable-bang-history, --disable-progcomp,
#   --without-curses        only non-interactive scripts are run; no termcap/terminfo needed
# and one configure bug worked around: the shipped configure adds bash's own strtoimax when the
# C library's works (an inverted test; Debian's bash-musl.diff fixes m4/strtoimax.m4, but
# configure is not regenerated from it), which a static link against musl rejects as a duplicate
# symbol. bash_cv_func_strtoimax=no makes the shipped configure do what the fixed test does.
BASH_CONFIGURE_OPTIONS=(--without-bash-malloc --disable-nls --disable-readline --disable-history
  --disable-bang-history --disable-progcomp --without-curses bash_cv_func_strtoimax=no)

# configure_bash OBJDIR SRCDIR ARGS...: runs bash's configure in OBJDIR, from scratch, unless it
# ran there for the same SRCDIR (the Makefile names it: a checkout moved, or a build directory
# copied from another, needs a new one) with the same arguments and the Makefile is newer than
# STAMP_INPUT (if set). It takes
# a minute or two, and bash's objects depend on neither the Makefile nor the flags, hence the
# fresh tree on every new configuration.
configure_bash() {
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
