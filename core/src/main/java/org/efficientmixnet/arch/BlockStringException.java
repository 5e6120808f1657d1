package org.efficientmixnet.arch;

import org.efficientmixnet.io.Excerpt;

/** A block string that does not follow the grammar; the message names the token, its position and what was expected. */
public class BlockStringException extends IllegalArgumentException {
    private final String blockString;
    private final String token;
    private final int position;

    public BlockStringException(String blockString, String token, int position, String expected) {
        // excerpts: a hostile or mistaken string can be megabytes long, and a surgery's message quotes it again
        super("bad block string '" + Excerpt.of(blockString, 200) + "': token '" + Excerpt.of(token) + "' at position " + position
                + ": expected " + expected);
        this.blockString = blockString;
        this.token = token;
        this.position = position;
    }

    public String blockString() {
        return blockString;
    }

    public String token() {
        return token;
    }

    /** Character offset of the token in the block string (0-based). */
    public int position() {
        return position;
    }
}
