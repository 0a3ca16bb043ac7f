/**
 * WebSocket APIs as Amazon API Gateway runs them: each stage's endpoint ({@code $connect} deciding the upgrade), each
 * connection (its messages put together, bounded and routed by the API's route selection expression, its answers and
 * pushed messages queued by bytes, its timers, {@code $disconnect}), and the open connections
 * ({@link io.tollgate.core.websocket.WebSocketConnections}).
 */
@NullMarked
package io.tollgate.core.websocket;

import org.jspecify.annotations.NullMarked;
