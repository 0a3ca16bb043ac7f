package io.tollgate.core.websocket;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A connection as AWS's {@code GetConnection} describes it, and where it belongs.
 *
 * @param connectionId its id
 * @param api          the name of its API
 * @param stage        its stage
 * @param connectedAt  when it was made
 * @param sourceIp     the client's address
 * @param userAgent    the client's {@code User-Agent}, or null when it sent none
 * @param lastActiveAt when a message last passed, either way
 */
public record ConnectionInfo(String connectionId, String api, String stage, Instant connectedAt, String sourceIp,
                             @Nullable String userAgent, Instant lastActiveAt) {
}
