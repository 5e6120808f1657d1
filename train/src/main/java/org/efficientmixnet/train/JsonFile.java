package org.efficientmixnet.train;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.io.Limits;

/**
 * Reads a run's JSON files (checkpoint state, configuration) so that a truncated, edited or hostile one fails with
 * one line naming the file and the fault — not a Gson exception class and its troubleshooting URL.
 */
final class JsonFile {
    private JsonFile() {
    }

    /** The file's content as {@code type}; {@code what} names it in errors ("checkpoint", "run configuration"). */
    static <T> T read(Path file, Class<T> type, Gson gson, String what) throws IOException {
        Limits.JSON_BYTES.check(file, what, Files.size(file));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "is not UTF-8 text, so not a " + what);
        }
        return parse(text, file, type, gson, what);
    }

    static <T> T parse(String text, Path file, Class<T> type, Gson gson, String what) {
        T value;
        try {
            value = gson.fromJson(text, type);
        } catch (JsonParseException | IllegalStateException | NumberFormatException | ClassCastException
                 | UnsupportedOperationException e) {
            throw new FileFormatException(file, "is not a valid " + what + " (truncated or edited?): " + problem(e), e);
        } catch (RuntimeException e) {
            // Gson wraps what a record's constructor refuses (an out-of-range setting) in a bare RuntimeException
            Throwable c = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new FileFormatException(file, "is not a valid " + what + ": " + c.getMessage(), e);
        }
        if (value == null) {
            throw new FileFormatException(file, "is empty, not a " + what);
        }
        return value;
    }

    /** Gson's message without the exception class it wraps and its troubleshooting URL. */
    static String problem(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() != null
                && t.getMessage().startsWith(t.getCause().getClass().getName())) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        int see = m.indexOf("\nSee ");
        if (see < 0) {
            see = m.indexOf(" See https://");
        }
        return (see >= 0 ? m.substring(0, see) : m).strip();
    }
}
