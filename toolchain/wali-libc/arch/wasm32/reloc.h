/* Wasm has no dynamic loader; musl's ldso is not built for WALI. */
#define LDSO_ARCH "wasm32"
