/**
 * The Lambda event shapes several features build ({@link ProxyEvents}: payload 1.0 and 2.0, used by function
 * integrations and custom authorizers).
 */
@NullMarked
package io.tollgate.core.event;

import org.jspecify.annotations.NullMarked;
