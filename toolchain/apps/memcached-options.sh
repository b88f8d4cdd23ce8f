# memcached and the libevent it is built on, both from Debian's source packages, shared by
# build-memcached.sh (wali-cc) and build-native.sh (gcc) so that both builds are the same server
# (sourced, not run).
#
# libevent: the static library only, with its pthreads support (memcached's worker threads each
# run an event loop); no OpenSSL, samples, regression tests or debug mode.
#   --disable-shared        wali-cc links statically (Wasm has no shared libraries)
# memcached: its default features (extstore included) except SASL (no libsasl2 to link) and the
# documentation (xml2rfc).
LIBEVENT_CONFIGURE_OPTIONS=(--disable-shared --enable-static --disable-openssl --disable-samples
  --disable-libevent-regress --disable-debug-mode)
MEMCACHED_CONFIGURE_OPTIONS=(--disable-sasl --disable-docs --disable-coverage)

source "$(dirname "${BASH_SOURCE[0]}")/configure-once.sh"

# build_memcached OBJDIR CONFIGURE-ARGS...: configures (once, see configure-once.sh) and makes
# libevent in OBJDIR/libevent, installs it into OBJDIR/libevent-prefix, then configures memcached
# against it in OBJDIR/memcached and makes the `memcached` program there. CONFIGURE-ARGS (the
# compiler, --host, ...) go to both configures; STAMP_INPUT (see configure_once), when set, is
# libevent's, and memcached's is the installed libevent.
#
# make runs with the autotools set to `true`: dpkg-source leaves the Debian patches' files
# (Makefile.am, configure.ac) newer than the Makefile.in and configure generated from them
# upstream, so make would try to regenerate those with the exact automake version upstream used.
# The generated files shipped are the ones to build from (the patches do not touch the build).
build_memcached() {
  local obj="$1"; shift
  local libevent memcached prefix="$obj/libevent-prefix"
  local autotools=(ACLOCAL=true AUTOMAKE=true AUTOCONF=true AUTOHEADER=true)
  libevent="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" libevent)"
  memcached="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" memcached)"
  configure_once "$obj/libevent" "$libevent" "${LIBEVENT_CONFIGURE_OPTIONS[@]}" "$@"
  make -s -C "$obj/libevent" -j"${WALI_JOBS:-2}" "${autotools[@]}" >"$obj/libevent.make.out" 2>&1 \
    || { tail -40 "$obj/libevent.make.out" >&2; return 1; }
  if [[ ! -f "$prefix/lib/libevent.a" || "$obj/libevent/.libs/libevent.a" -nt "$prefix/lib/libevent.a" ]]; then
    make -s -C "$obj/libevent" install prefix="$prefix" "${autotools[@]}" \
      >"$obj/libevent.install.out" 2>&1 || { tail -40 "$obj/libevent.install.out" >&2; return 1; }
  fi
  # A new libevent means a new configure of memcached (its checks read the installed headers).
  STAMP_INPUT="$prefix/lib/libevent.a" configure_once "$obj/memcached" "$memcached" \
    --with-libevent="$prefix" "${MEMCACHED_CONFIGURE_OPTIONS[@]}" "$@"
  make -s -C "$obj/memcached" -j"${WALI_JOBS:-2}" "${autotools[@]}" memcached \
    >"$obj/memcached.make.out" 2>&1 || { tail -40 "$obj/memcached.make.out" >&2; return 1; }
}
