/**
 * The Reactor Netty transport: the Reactor Netty door and request adapter, {@link GatewayEntry} (the one entry),
 * {@link ReplyWriter} and its {@link ReplyTarget}, {@link ConnectionLoop}.
 */
@NullMarked
package io.tollgate.core.server.netty;

import org.jspecify.annotations.NullMarked;
