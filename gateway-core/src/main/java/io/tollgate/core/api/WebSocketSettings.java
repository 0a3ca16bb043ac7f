package io.tollgate.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A WebSocket API's bounds on its connections, Amazon API Gateway's quotas by default: a connection idle for
 * {@code idleTimeout} (no message either way) or open for {@code maxDuration} is closed with 1001; a frame over
 * {@code maxFrameSize} bytes or a message (its frames together) over {@code maxMessageSize} closes it with 1009; binary
 * messages close it with 1003 unless {@code binaryMessages}; {@code outboundBuffer} bytes at most wait for a client that
 * reads slowly (a message pushed to it beyond that is refused, as AWS's {@code LimitExceededException}). With
 * {@code compression}, a client that offers {@code permessage-deflate} (RFC 7692) gets it: its frames' sizes are
 * checked as sent (compressed), and a frame inflating to more than {@code maxMessageSize} closes the connection with
 * 1009, so no frame inflates without bound. AWS does not negotiate it; off by default.
 */
public record WebSocketSettings(Duration idleTimeout, Duration maxDuration, int maxFrameSize, int maxMessageSize,
                                boolean binaryMessages, int outboundBuffer, boolean compression) {

    /** AWS's idle timeout: 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** AWS's maximum connection duration: 2 hours. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(2);
    /** AWS's frame size quota: 32 KB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 32 * 1024;
    /** AWS's message size quota: 128 KB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024;
    /** What may wait for a slow client: 1 MiB (eight messages of the largest size). */
    public static final int DEFAULT_OUTBOUND_BUFFER = 1024 * 1024;

    /** AWS's quotas, binary messages refused. */
    public static final WebSocketSettings DEFAULTS = new WebSocketSettings(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_DURATION,
            DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_MESSAGE_SIZE, false, DEFAULT_OUTBOUND_BUFFER, false);

    public WebSocketSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxDuration, "maxDuration");
    }

    /** These settings with binary messages allowed or refused. */
    public WebSocketSettings withBinaryMessages(boolean allowed) {
        return new WebSocketSettings(idleTimeout, maxDuration, maxFrameSize, maxMessageSize, allowed, outboundBuffer,
                compression);
    }

    /** These settings with {@code permessage-deflate} offered to clients or not. */
    public WebSocketSettings withCompression(boolean offered) {
        return new WebSocketSettings(idleTimeout, maxDuration, maxFrameSize, maxMessageSize, binaryMessages,
                outboundBuffer, offered);
    }

    /** Records at {@code path} what is wrong with these settings. */
    void check(String path, Problems problems) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            problems.add(path + ".idle-timeout", "must be positive (AWS: 10m)");
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            problems.add(path + ".max-duration", "must be positive (AWS: 2h)");
        }
        if (maxFrameSize < 125) {
            problems.add(path + ".max-frame-size", "must be at least 125 bytes (AWS: 32768)");
        }
        if (maxMessageSize < maxFrameSize) {
            problems.add(path + ".max-message-size", "must be at least max-frame-size (" + maxFrameSize
                    + " bytes; AWS: 131072)");
        }
        if (outboundBuffer < maxMessageSize) {
            problems.add(path + ".outbound-buffer", "must be at least max-message-size (" + maxMessageSize
                    + " bytes), so that one message always fits");
        }
    }
}
