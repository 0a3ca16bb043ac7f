package io.tollgate.core.openapi;

/**
 * The JSON pointer of a swagger-parser message's item: {@code attribute paths.'/pets'(get).responses is missing}
 * names {@code /paths/~1pets/get/responses}.
 */
final class ParserMessages {

    private ParserMessages() {
    }

    /** The pointer the message names, or the empty pointer (the document) when it names none. */
    static String pointer(String message) {
        int start = message.indexOf("attribute ");
        if (start < 0) {
            return "";
        }
        String path = message.substring(start + "attribute ".length());
        int end = path.indexOf(' ');
        StringBuilder pointer = new StringBuilder();
        StringBuilder token = new StringBuilder();
        int i = 0;
        int limit = end < 0 ? path.length() : end;
        while (i < limit) {
            char c = path.charAt(i);
            if (c == '\'') {
                int close = path.indexOf('\'', i + 1);
                if (close < 0) {
                    break;
                }
                token.append(path, i + 1, close);
                i = close + 1;
                limit = Math.max(limit, nextSpace(path, i));
            } else if (c == '(') {
                int close = path.indexOf(')', i + 1);
                if (close < 0) {
                    break;
                }
                flush(pointer, token);
                token.append(path, i + 1, close);
                i = close + 1;
            } else if (c == '.') {
                flush(pointer, token);
                i++;
            } else {
                token.append(c);
                i++;
            }
        }
        flush(pointer, token);
        return pointer.toString();
    }

    private static int nextSpace(String path, int from) {
        int space = path.indexOf(' ', from);
        return space < 0 ? path.length() : space;
    }

    private static void flush(StringBuilder pointer, StringBuilder token) {
        if (!token.isEmpty()) {
            pointer.append(ImportContext.pointer("", token.toString()));
            token.setLength(0);
        }
    }
}
