package org.efficientmixnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the jobs (what spark-submit and emn spark run), in the tests' session. */
class SparkMainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void embedReportsAndBadArgumentsAreOneLine() throws Exception {
        LocalSpark.get(); // the session the command then finds
        Path c = Files.createDirectories(dir.resolve("c"));
        for (int i = 0; i < 3; i++) {
            GrayImages.writePng(c.resolve("c" + i + ".png"), SparkEmbedTest.texture(32, i));
        }
        Result r = run("embed", "--algo", "lsb-matching", "--payload", "0.5", "--covers", c.toString(), "--out",
                dir.resolve("o").toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("3 covers: embedded 3, skipped 0"), r.out());
        assertTrue(Files.exists(dir.resolve("o/c2.png")) && Files.isDirectory(dir.resolve("o/manifest.parquet")));
        Result bad = run("embed", "--algo", "f6", "--payload", "0.5", "--covers", c.toString(), "--out", "x");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: ") && bad.err().contains("'f6'") && !bad.err().contains("\tat "), bad.err());
        Result none = run("score", "--run", c.toString(), "--out", "x", c.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("detector"), none.err());
    }
}
