/**
 * WebSocket APIs as Amazon API Gateway runs them: selecting a route for each message ({@link SelectionEvaluator}).
 * Its connections, events and the {@code @connections} API come here as they are built (issue #20).
 */
@NullMarked
package io.tollgate.core.websocket;

import org.jspecify.annotations.NullMarked;
