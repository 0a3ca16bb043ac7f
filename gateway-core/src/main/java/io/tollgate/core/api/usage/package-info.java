/**
 * The usage model (throttles, quotas, key sources), its builders and checks ({@link ThrottleValidator}), next to each
 * other; it uses the common {@code api} model and no other feature's.
 */
@NullMarked
package io.tollgate.core.api.usage;

import org.jspecify.annotations.NullMarked;
