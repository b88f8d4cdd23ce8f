/** Running WALI programs: {@link io.wali4j.core.Wali} is the embedding entry point. */
@Version("0.1.0")
@Export
package io.wali4j.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
