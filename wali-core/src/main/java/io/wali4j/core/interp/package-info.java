/** The interpreter tier: runs the pre-decoded form on explicit, capturable frames. */
package io.wali4j.core.interp;
