/** Runtime entities: store, instances, memories, tables, globals, functions, linking. */
@Version("0.1.0")
@Export
package io.wali4j.core.exec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
