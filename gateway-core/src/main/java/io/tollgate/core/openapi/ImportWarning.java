package io.tollgate.core.openapi;

/**
 * An item of an imported document that Tollgate does not serve as written: where it is ({@code pointer}, a JSON
 * pointer into the document, and its line when known, 0 otherwise) and what happens instead.
 */
public record ImportWarning(String pointer, int line, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + (line > 0 ? " (line " + line + ")" : "") + ": " + message;
    }
}
