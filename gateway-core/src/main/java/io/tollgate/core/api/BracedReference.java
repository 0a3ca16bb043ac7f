package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

/**
 * A {@code ${...}} reference in a value or an expression ({@link ValueTemplate}, {@link SelectionExpression}): what is
 * between the braces, and where the reference ends.
 *
 * @param inside what is between the braces, as written
 * @param end    the index just after the closing brace
 */
record BracedReference(String inside, int end) {

    /**
     * The reference whose {@code $} is at {@code dollar} (a {@code {} follows it), or null when it is not closed (then
     * the problem is recorded at {@code path}).
     */
    static @Nullable BracedReference at(String text, int dollar, String path, Problems problems) {
        int close = text.indexOf('}', dollar + 2);
        if (close < 0) {
            problems.add(path, "'" + text + "' has '${' without a closing '}'");
            return null;
        }
        return new BracedReference(text.substring(dollar + 2, close), close + 1);
    }
}
