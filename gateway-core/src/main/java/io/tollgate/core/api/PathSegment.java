package io.tollgate.core.api;

/** One segment of a route key's path: a literal, a {@code {variable}} or a greedy {@code {proxy+}}. */
public sealed interface PathSegment {

    /** A segment that must equal {@code value} (compared after percent-decoding the request). */
    record Literal(String value) implements PathSegment {
        @Override
        public String toString() {
            return value;
        }
    }

    /** {@code {name}}: exactly one non-empty segment. */
    record Variable(String name) implements PathSegment {
        @Override
        public String toString() {
            return "{" + name + "}";
        }
    }

    /** {@code {name+}}: one or more segments; only in the last position. */
    record Greedy(String name) implements PathSegment {
        @Override
        public String toString() {
            return "{" + name + "+}";
        }
    }
}
