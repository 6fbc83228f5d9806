package dev.onekycbridge.core.identity;

/**
 * Spaces as people type and paste them. Text copied from a document or a chat often carries a no-break space
 * (U+00A0), a narrow one (U+202F), a tab or a line break where a plain space was meant, and invisible zero-width
 * characters (U+200B–U+200D, U+2060, a byte-order mark U+FEFF) around or inside a value. Every text value read
 * from a request is normalised here first, so that each then strips and collapses plain spaces as it always has,
 * and a required one that holds nothing but these is missing. Not the partner user id and its type, identifiers
 * kept as sent (and refused unless visible ASCII), nor a consent's device details, passed on as given; a consent's
 * wording (what the user was shown, line breaks and all) and a verification's reference id (the partner's own) are
 * kept as sent too, and missing only when nothing in them is visible.
 */
public final class Spaces {
    private Spaces() {
    }

    /**
     * The text with every Unicode space separator, tab and line break as a plain space, and without its
     * zero-width characters: they show nothing, so the person saw no space where one sits. Null stays null.
     */
    public static String normalise(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder normalised = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean invisible = isZeroWidth(c);
            boolean space = !invisible && c != ' ' && isSpace(c);
            if (normalised == null && (invisible || space)) {
                normalised = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (normalised != null && !invisible) {
                normalised.append(space ? ' ' : c);
            }
        }
        return normalised == null ? text : normalised.toString();
    }

    /** The text {@link #normalise normalised} and without the spaces around it, as a request's value is read. */
    public static String strip(String text) {
        return text == null ? null : normalise(text).strip();
    }

    /** Whether the text is missing, or holds nothing but spaces and zero-width characters. */
    public static boolean isBlank(String text) {
        return text == null || normalise(text).isBlank();
    }

    private static boolean isSpace(char c) {
        if (c < ' ') {
            return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        }
        return Character.isSpaceChar(c);
    }

    private static boolean isZeroWidth(char c) {
        return c >= '\u200B' && c <= '\u200D' || c == '\u2060' || c == '\uFEFF';
    }
}
