package io.tollgate.core.openapi;

/** An item of an imported document: its JSON pointer, and its line when known (0 otherwise). */
public record DocumentItem(String pointer, int line) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + (line > 0 ? " (line " + line + ")" : "");
    }
}
