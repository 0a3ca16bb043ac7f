package io.tollgate.core.mapping;

/** A mapping template that does not parse; the message names the line and column. */
public final class TemplateSyntaxException extends IllegalArgumentException {

    private final int line;
    private final int column;

    public TemplateSyntaxException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
