package io.tollgate.core.integration;

/**
 * How request bodies reach HTTP proxy backends without letting slow clients hold the backend connections. A body
 * whose {@code Content-Length} is at most {@code bufferUpTo} bytes is received whole before a backend connection is
 * taken (as nginx's {@code proxy_request_buffering}), so a client that stalls in it holds nothing but its own
 * connection until the body idle timeout cuts it (408). Larger bodies, and chunked ones, stream through as they come;
 * at most {@code maxStreamingPerBackend} of them at once per backend address, so that stalled uploads to one backend
 * can take at most that many of its pooled connections and requests to it without a body (and other routes'
 * requests) still find one. An upload beyond the cap is answered 503 at once.
 *
 * @param bufferUpTo             the largest body received whole first (0: stream every body)
 * @param maxStreamingPerBackend how many bodies may stream to one backend address at once
 */
public record UploadPolicy(long bufferUpTo, int maxStreamingPerBackend) {

    /** Bodies up to 64 KiB are received whole before the backend is called. */
    public static final long DEFAULT_BUFFER_UP_TO = 64 * 1024;

    public UploadPolicy {
        if (bufferUpTo < 0) {
            throw new IllegalArgumentException("bufferUpTo must not be negative");
        }
        if (maxStreamingPerBackend < 1) {
            throw new IllegalArgumentException("maxStreamingPerBackend must be at least 1");
        }
    }

    /** The default for a pool of {@code maxConnections} per backend address: 64 KiB, and half the pool streaming. */
    public static UploadPolicy forPool(int maxConnections) {
        return new UploadPolicy(DEFAULT_BUFFER_UP_TO, Math.max(1, maxConnections / 2));
    }
}
