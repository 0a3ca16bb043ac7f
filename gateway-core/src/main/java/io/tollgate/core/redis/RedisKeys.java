package io.tollgate.core.redis;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/** What every Redis store's keys share: a prefix that leaves Redis Cluster hash tags to the stores. */
public final class RedisKeys {

    private RedisKeys() {
    }

    /**
     * {@code prefix}, when it has no braces: a Redis Cluster places a key by the first {@code {...}} in it (its hash
     * tag), and the stores tag the keys that must share a slot; a brace in the prefix would put every key in one slot
     * or split keys that must stay together.
     *
     * @throws IllegalArgumentException naming the prefix, when it has a brace
     */
    public static String requireValidPrefix(String prefix) {
        String problem = prefixProblem(prefix);
        if (problem != null) {
            throw new IllegalArgumentException("the Redis key prefix " + problem);
        }
        return prefix;
    }

    /** What is wrong with {@code prefix} ("must not contain ..."), or null: for configuration checks. */
    public static @Nullable String prefixProblem(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            return "must not contain '{' or '}' (Redis Cluster hash tags), not '" + prefix + "'";
        }
        return null;
    }
}
