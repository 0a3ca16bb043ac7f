package io.tollgate.core.response;

/** The JSON helpers the gateway needs: a string literal with JSON escaping, and a check json-smart lacks. */
public final class Json {

    private Json() {
    }

    /** {@code value} as a quoted JSON string. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * The index of the first control character JSON allows nowhere in {@code text}, or -1. RFC 8259 allows none below
     * U+0020 but tab, line feed and carriage return, and those only as white space between tokens (inside strings
     * they must be escaped). json-smart refuses them inside strings but not outside: it reads {@code 20<NUL>} as the
     * number 152, drops the {@code <US>} of {@code [1<US>]}, and fails on some with a NumberFormatException; so a text
     * is checked with this before json-smart parses it.
     */
    public static int forbiddenControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
        }
        return -1;
    }
}
