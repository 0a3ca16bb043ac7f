package io.tollgate.core.usage;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key: its value (20 to 128 characters, the secret callers send as {@code x-api-key}), a name, whether it is
 * enabled, and the usage plans it belongs to. {@link #toString()} never shows the whole value.
 *
 * @param id         a stable identifier (not secret)
 * @param name       a name for people, or null
 * @param value      the key itself
 * @param enabled    a disabled key is refused (403)
 * @param usagePlans the names of the usage plans the key belongs to
 * @param createdAt  when it was created (a key of the configuration: when the application started), or null when
 *                   unknown
 */
public record ApiKey(String id, @Nullable String name, String value, boolean enabled, Set<String> usagePlans,
                     @Nullable Instant createdAt) {

    /** The shortest value AWS accepts. */
    public static final int MIN_LENGTH = 20;
    /** The longest value AWS accepts. */
    public static final int MAX_LENGTH = 128;

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        usagePlans = Set.copyOf(usagePlans);
        if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an API key's value must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters long, not " + value.length());
        }
    }

    /** The value as logs may show it: its first four characters. */
    public String maskedValue() {
        return mask(value);
    }

    /** {@code value} as logs may show it: the first four characters, then asterisks. */
    public static String mask(@Nullable String value) {
        return value == null ? "null" : value.length() <= 4 ? "****" : value.substring(0, 4) + "****";
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", name=" + name + ", value=" + maskedValue() + ", enabled=" + enabled
                + ", usagePlans=" + usagePlans + "]";
    }
}
