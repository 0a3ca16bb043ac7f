package io.tollgate.core.edge;

import org.jspecify.annotations.Nullable;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts a listener's open client connections, overall and per client address, against their limits. */
final class ConnectionLimiter {

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a place for a connection from {@code address} (null when unknown); false when a limit is reached. */
    boolean acquire(@Nullable InetAddress address) {
        if (max > 0 && open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        if (maxPerAddress > 0 && address != null) {
            AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerAddress) {
                releaseAddress(address, count);
                if (max > 0) {
                    open.decrementAndGet();
                }
                return false;
            }
        }
        return true;
    }

    /** Gives back the place of a connection that {@link #acquire} admitted. */
    void release(@Nullable InetAddress address) {
        if (max > 0) {
            open.decrementAndGet();
        }
        if (maxPerAddress > 0 && address != null) {
            AtomicInteger count = perAddress.get(address);
            if (count != null) {
                releaseAddress(address, count);
            }
        }
    }

    private void releaseAddress(InetAddress address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            // removed only while still zero, so a concurrent acquire's increment is never lost
            perAddress.computeIfPresent(address, (a, c) -> c.get() <= 0 ? null : c);
        }
    }

    /** Connections open now (counted only when there is an overall limit). */
    int open() {
        return open.get();
    }
}
