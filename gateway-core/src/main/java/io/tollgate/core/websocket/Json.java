package io.tollgate.core.websocket;

/** Text made safe inside a JSON string. */
final class Json {

    private Json() {
    }

    /** {@code text} with {@code "}, {@code \} and control characters escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
