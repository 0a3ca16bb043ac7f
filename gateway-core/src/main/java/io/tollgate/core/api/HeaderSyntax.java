package io.tollgate.core.api;

/** What HTTP/1.1 (RFC 9110 §5) accepts as a header name and as a header value. */
public final class HeaderSyntax {

    private static final String DELIMITERS = "()<>@,;:\\\"/[]?={}";

    private HeaderSyntax() {
    }

    /** A {@code token}: visible ASCII without delimiters, not empty. */
    public static boolean isToken(CharSequence name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || DELIMITERS.indexOf(c) >= 0) {
                return false;
            }
        }
        return name.length() > 0;
    }

    /**
     * A {@code field-value} as HTTP/1.1 sends it: visible ASCII, obs-text (0x80 to 0xFF), space and horizontal tab. No
     * other control character (CR and LF above all: they would end the header), no DEL, no character beyond one byte.
     */
    public static boolean isValidValue(CharSequence value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code value} cannot be a header value, for messages that name the property. */
    public static String invalidValueReason(String value) {
        return "'" + value.replace("\r", "\\r").replace("\n", "\\n")
                + "' is not a valid header value (control characters such as CR and LF, and characters beyond"
                + " ISO-8859-1, cannot be sent in a header)";
    }
}
