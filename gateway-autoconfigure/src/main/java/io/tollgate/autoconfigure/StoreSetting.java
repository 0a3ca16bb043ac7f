package io.tollgate.autoconfigure;

import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A feature's {@code store} setting, {@code local} or {@code redis} ({@code tollgate.cache.store},
 * {@code tollgate.websocket.store}): read once, and a value that is neither, or {@code redis} where nothing serves it,
 * fails startup naming the property.
 */
final class StoreSetting {

    /** The values a store setting takes, as written. */
    static final List<String> VALUES = List.of("local", "redis");

    private StoreSetting() {
    }

    /**
     * Whether {@code value}, the setting {@code path.store}, chooses Redis; {@code redisServed} whether a bean serves
     * it ({@code served}, named in the failure, is what the application may declare instead of Lettuce).
     *
     * @throws InvalidDefinitionException naming {@code path.store}
     */
    static boolean redis(String path, @Nullable String value, boolean redisServed, String served) {
        String store = value == null ? "" : value.trim();
        if (!VALUES.contains(store)) {
            throw new InvalidDefinitionException(path, List.of(new Problem(path + ".store",
                    "'" + value + "' is not local or redis")));
        }
        if (store.equals("redis") && !redisServed) {
            throw new InvalidDefinitionException(path, List.of(new Problem(path + ".store",
                    "redis needs io.lettuce:lettuce-core on the class path (or a " + served + " bean)")));
        }
        return store.equals("redis");
    }
}
