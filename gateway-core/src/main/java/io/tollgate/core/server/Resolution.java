package io.tollgate.core.server;

import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;

/**
 * Where a request goes: the compiled gateway that resolved it (and serves it, even when another one has become
 * current since), the mount it addressed, its parsed path, the route it matched ({@code null} when none), and the
 * handler to run. {@code explicit} is true for a matched route other than {@code $default}, and for a malformed path
 * (which the gateway answers itself, 400).
 */
public record Resolution(Gateway gateway, Mount mount, RequestPath path, RouteTable.Match<Integer> match,
                         ExchangeHandler handler, boolean explicit) {
}
