package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Which requests of a stage its canary serves: {@code percentTraffic} (0.0 to 100.0) of them, as AWS's
 * canarySettings. With {@code sticky}, a request that carries the named header or cookie goes to the side its value
 * hashes to, so one client stays on one side for as long as the share is unchanged (and, when the share grows, a client
 * on the canary stays there): no state is kept, and every instance of the gateway places a client on the same side.
 * Requests without it are placed at random.
 */
public record CanarySplit(double percentTraffic, @Nullable CanarySticky sticky) {

    public CanarySplit {
        if (!(percentTraffic >= 0.0 && percentTraffic <= 100.0)) {
            throw new IllegalArgumentException("percentTraffic must be between 0.0 and 100.0, was " + percentTraffic);
        }
    }

    /**
     * Whether a request goes to the canary. {@code headers} gives a request header's first value by name (null when
     * absent); it is asked only when the split is sticky.
     */
    public boolean choosesCanary(Function<String, @Nullable String> headers) {
        if (percentTraffic <= 0.0) {
            return false;
        }
        if (percentTraffic >= 100.0) {
            return true;
        }
        String value = sticky == null ? null : stickyValue(sticky, headers);
        double point = value == null ? ThreadLocalRandom.current().nextDouble(100.0) : point(value);
        return point < percentTraffic;
    }

    /** Where a sticky value falls in [0, 100): a well-mixed hash of it, the same on every instance. */
    static double point(String value) {
        long h = 0xcbf29ce484222325L;  // FNV-1a over the chars, then a 64-bit finaliser (SplitMix64)
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53 * 100.0;
    }

    private static @Nullable String stickyValue(CanarySticky sticky, Function<String, @Nullable String> headers) {
        if (sticky.kind() == CanarySticky.Kind.HEADER) {
            String value = headers.apply(sticky.name());
            return value == null || value.isEmpty() ? null : value;
        }
        String cookies = headers.apply("cookie");
        return cookies == null ? null : cookie(cookies, sticky.name());
    }

    /** The value of cookie {@code name} in a {@code Cookie} header, or null. */
    static @Nullable String cookie(String header, String name) {
        int i = 0;
        int length = header.length();
        while (i < length) {
            while (i < length && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
                i++;
            }
            int end = header.indexOf(';', i);
            if (end < 0) {
                end = length;
            }
            int equals = header.indexOf('=', i);
            if (equals > i && equals < end && header.regionMatches(i, name, 0, name.length())
                    && equals - i == name.length()) {
                String value = header.substring(equals + 1, end).trim();
                if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
            i = end + 1;
        }
        return null;
    }
}
