package io.tollgate.core.integration;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The bodies streaming to each backend address now, capped ({@link UploadPolicy#maxStreamingPerBackend()}). */
final class StreamingUploads {

    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    StreamingUploads(int max) {
        this.max = max;
    }

    /** A slot for one more upload to {@code authority}, or false when it has {@code max} already. */
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

    /** Uploads streaming to {@code authority} now. */
    int inFlight(String authority) {
        AtomicInteger count = inFlight.get(authority);
        return count == null ? 0 : count.get();
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
