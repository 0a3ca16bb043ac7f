package io.tollgate.testsupport;

import java.nio.charset.StandardCharsets;

/**
 * Helpers for the fuzz tests ({@code *FuzzTest}): invariants are checked with plain conditions, not AssertJ, so that
 * the fuzzer runs tens of thousands of inputs a second; a message is only formatted when a check fails.
 */
public final class Fuzz {

    private Fuzz() {
    }

    /** The fuzzer's bytes as text (UTF-8; malformed sequences become U+FFFD). */
    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /** Fails the fuzz test with {@code String.format(message, args)} unless {@code condition} holds. */
    public static void check(boolean condition, String message, Object... args) {
        if (!condition) {
            Object[] shown = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                shown[i] = args[i] instanceof String s ? visible(s) : args[i];
            }
            throw new AssertionError(String.format(message, shown));
        }
    }

    /** Whether {@code s} holds a C0 control character or DEL. */
    public static boolean hasControlCharacter(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} quoted, with control characters as {@code \\uXXXX} and at most 300 characters. */
    public static String visible(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 300) + 2).append('\'');
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 300 ? "'..." : "'").toString();
    }
}
