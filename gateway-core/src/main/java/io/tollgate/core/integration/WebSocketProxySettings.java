package io.tollgate.core.integration;

import java.time.Duration;
import java.util.Objects;

/**
 * How WebSocket sessions through {@code HTTP_PROXY} routes are bounded. A session is idle when no frame (data or
 * control, either way) has passed for {@code idleTimeout}; it is then closed on both sides with {@code 1001} "Going
 * away", as Amazon API Gateway closes an idle WebSocket connection, and so is a session that reaches
 * {@code maxDuration}. A frame whose payload is larger than {@code maxFramePayload} closes its session with
 * {@code 1009}. A backend address that has {@code maxSessionsPerBackend} sessions open gets no more: the next upgrade
 * is answered {@code 503}.
 *
 * @param idleTimeout           how long a session may pass no frame ({@link Duration#ZERO}: for ever)
 * @param maxDuration           how long a session may last ({@link Duration#ZERO}: for ever)
 * @param maxFramePayload       the largest frame payload relayed either way, in bytes
 * @param maxSessionsPerBackend how many sessions may be open to one backend address at once
 */
public record WebSocketProxySettings(Duration idleTimeout, Duration maxDuration, int maxFramePayload,
                                     int maxSessionsPerBackend) {

    /** Amazon API Gateway's idle timeout for WebSocket connections. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Reactor Netty's default frame limit. */
    public static final int DEFAULT_MAX_FRAME_PAYLOAD = 65_536;
    /** 10 minutes idle, no duration limit, 64 KiB frames, no cap on sessions per backend. */
    public static final WebSocketProxySettings DEFAULTS = new WebSocketProxySettings(DEFAULT_IDLE_TIMEOUT, Duration.ZERO,
            DEFAULT_MAX_FRAME_PAYLOAD, Integer.MAX_VALUE);

    public WebSocketProxySettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative");
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("maxDuration must not be negative");
        }
        if (maxFramePayload < 125) {
            throw new IllegalArgumentException("maxFramePayload must be at least 125 bytes (a control frame's)");
        }
        if (maxSessionsPerBackend < 1) {
            throw new IllegalArgumentException("maxSessionsPerBackend must be at least 1");
        }
    }
}
