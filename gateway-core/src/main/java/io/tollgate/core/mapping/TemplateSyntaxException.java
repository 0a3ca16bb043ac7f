package io.tollgate.core.mapping;

/**
 * A mapping template that does not parse. The message names the template, the line and column and what is wrong;
 * {@link #detail()} is the same without the template's name, for a report that names the template itself (a
 * configuration problem under the template's property path).
 */
public final class TemplateSyntaxException extends IllegalArgumentException {

    private final String detail;
    private final int line;
    private final int column;

    /**
     * @param name   the template's name in messages
     * @param detail what is wrong, with its line and column when known
     */
    public TemplateSyntaxException(String name, String detail, int line, int column) {
        super((detail.startsWith("at line") ? "Syntax error in mapping template " : "Invalid mapping template ")
                + name + (detail.startsWith("at line") ? " " : ": ") + detail);
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the template's name: {@code at line 2, column 1: the #if ... has no #end}. */
    public String detail() {
        return detail;
    }

    /** The line of the error (1-based), or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The column of the error (1-based), or 0 when unknown. */
    public int column() {
        return column;
    }
}
