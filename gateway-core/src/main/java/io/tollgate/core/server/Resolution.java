package io.tollgate.core.server;

import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;

/**
 * Where a request goes: the compiled gateway that resolved it (and serves it, even when another one has become
 * current since), the mount it addressed, its parsed path ({@code null} when it is malformed), the route it matched
 * ({@code null} when none), and the handler to run. {@code explicit} is true for a matched route other than
 * {@code $default}, and for a malformed path (which the gateway answers itself, 400).
 */
public record Resolution(Gateway gateway, Mount mount, @Nullable RequestPath path,
                         RouteTable.@Nullable Match<Integer> match, ExchangeHandler handler, boolean explicit) {
}
