package org.efficientmixnet.io;

/**
 * Text from a file made fit for a one-line error message: control characters and other non-printing code points are
 * escaped ({@code \x1b}, {@code \u2028}), so a hostile file cannot move the terminal's cursor or forge lines, and
 * anything longer than a limit is cut with a note of its full length, so a 5 MB token does not become a 5 MB line.
 */
public final class Excerpt {
    /** The default length of an excerpt, in characters. */
    public static final int DEFAULT = 80;

    private Excerpt() {
    }

    /** {@code s} escaped and cut to {@link #DEFAULT} characters. */
    public static String of(CharSequence s) {
        return of(s, DEFAULT);
    }

    /** {@code s} escaped and cut to about {@code max} characters ({@code null} gives "null"). */
    public static String of(CharSequence s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16);
        int i = 0;
        while (i < s.length() && out.length() < max) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean printable = cp >= 0x20 && cp != 0x7f && type != Character.CONTROL && type != Character.FORMAT
                    && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                    && type != Character.UNASSIGNED && type != Character.SURROGATE && type != Character.PRIVATE_USE;
            if (printable) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.append(String.format("\\u%04x", cp));
            }
        }
        if (i < s.length()) {
            out.append("… (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
