package io.tollgate.core.api;

import java.util.Locale;
import java.util.Objects;

/** What keeps a client on one side: a request header or a cookie, by name. */
public record CanarySticky(Kind kind, String name) {

    public CanarySticky {
        Objects.requireNonNull(kind, "kind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a sticky " + kind.name().toLowerCase(Locale.ROOT) + " needs a name");
        }
        name = kind == Kind.HEADER ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** Where the value is found. */
    public enum Kind {
        HEADER, COOKIE
    }
}
