/* The entry point is C: crt/wasm32/crt1.c. */
