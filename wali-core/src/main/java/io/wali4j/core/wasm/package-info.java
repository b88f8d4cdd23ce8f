/** Decoding and validation: bytes to a validated module with pre-decoded code; no execution. */
@Version("0.1.0")
@Export
package io.wali4j.core.wasm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
