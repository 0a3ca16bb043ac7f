package io.tollgate.core.integration;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slots per backend address, at most {@code max} taken at once for each: the bodies streaming to a backend
 * ({@link UploadPolicy#maxStreamingPerBackend()}), the WebSocket sessions open to one
 * ({@link WebSocketProxySettings#maxSessionsPerBackend()}).
 */
final class BackendSlots {

    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    BackendSlots(int max) {
        this.max = max;
    }

    /** The most slots taken at once per backend address. */
    int max() {
        return max;
    }

    /** A slot for one more at {@code authority}, or false when it has {@code max} already. */
    boolean tryAcquire(String authority) {
        AtomicInteger count = inFlight.computeIfAbsent(authority, a -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a slot {@link #tryAcquire} took (so the authority has its counter). */
    void release(String authority) {
        Objects.requireNonNull(inFlight.get(authority)).decrementAndGet();
    }

    /** The {@code host:port} of an absolute URI ({@code http://host:port/path?query}). */
    static String authority(String uri) {
        int start = uri.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
            end++;
        }
        return uri.substring(start, end);
    }
}
