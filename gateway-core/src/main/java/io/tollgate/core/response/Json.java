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
     * The index of the first character of {@code text} that json-smart reads though JSON does not allow it there, or
     * -1. json-smart refuses most malformed JSON but not all of it, and reads these wrongly instead of failing:
     * <ul>
     *   <li>a control character: RFC 8259 allows none below U+0020 but tab, line feed and carriage return, and those
     *       only as white space between tokens (json-smart refuses them in strings, but reads {@code 20<NUL>} as the
     *       number 152, drops the {@code <US>} of {@code [1<US>]}, and fails on some with NumberFormatException);</li>
     *   <li>outside strings, a {@code -} or a {@code .} not followed by a digit: json-smart reads {@code [-]} as
     *       {@code [0]} and {@code [1.]} as {@code [1.0]}.</li>
     * </ul>
     * A text is checked with this before json-smart parses it.
     */
    public static int jsonSmartLeniency(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if ((c == '-' || c == '.') && (i + 1 == text.length() || text.charAt(i + 1) < '0' || text.charAt(i + 1) > '9')) {
                return i;
            }
        }
        return -1;
    }
}
