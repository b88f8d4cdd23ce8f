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

source "$(dirname "${BASH_SOURCE[0]}")/configure-once.sh"
