/** The wali4j service API. */
@Version("0.5.0")
@Export
package io.wali4j.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
