package io.tollgate.core.mapping;

/**
 * What {@code $input.path} gives for a missing value or JSON {@code null}: it renders as nothing, is false in
 * {@code #if}, and equals both {@code ""} and {@code $null}, as in Amazon API Gateway.
 */
public final class Absent {

    static final Absent INSTANCE = new Absent();

    private Absent() {
    }

    /** Empty to {@code #if}. */
    public boolean isEmpty() {
        return true;
    }

    @Override
    public String toString() {
        return "";
    }

    @Override
    public boolean equals(Object other) {
        return other == this || "".equals(other);
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
