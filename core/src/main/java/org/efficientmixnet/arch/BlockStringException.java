package org.efficientmixnet.arch;

/** A block string that does not follow the grammar; the message names the token, its position and what was expected. */
public class BlockStringException extends IllegalArgumentException {
    private final String blockString;
    private final String token;
    private final int position;

    public BlockStringException(String blockString, String token, int position, String expected) {
        super("bad block string '" + blockString + "': token '" + token + "' at position " + position
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
