package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end at a tiny size: covers made, stegos embedded, a detector trained and scored, files there. */
class StegoDemoCliTest {
    @TempDir
    Path tmp;

    @Test
    void quickSteganalysisDemoRunsEndToEnd() throws Exception {
        Path d = tmp.resolve("demo");
        CliTest.Result r = CliTest.run("demo", "--quick", "--dir", d.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("P_E") && r.out().contains("chance 0.586") && r.out().contains("roc.png"), r.out());
        assertTrue(r.out().contains("emn stego detect --run " + d.resolve("run")), r.out());
        try (var s = Files.list(d.resolve("covers"))) {
            assertEquals(40, s.filter(p -> p.toString().endsWith(".jpg")).count());
        }
        assertTrue(Files.isRegularFile(d.resolve("nsf5-1.0").resolve("manifest.csv")));
        Path run = d.resolve("run");
        for (String f : new String[] {"detector.json", "split.csv", "roc.png", "histogram.png", "test-metrics.json"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        String model = r.out().lines().filter(l -> l.startsWith("model:")).findFirst().orElseThrow()
                .replaceFirst("^model:\\s+", "").replaceFirst(" \\(run folder.*$", "");
        assertTrue(Files.isRegularFile(Path.of(model)) && model.startsWith(run.toString()), model);
        // the suggested detect line names a held-out stego and its cover, and works
        String line = r.out().lines().filter(l -> l.startsWith("try it:")).findFirst().orElseThrow();
        String[] words = line.replaceFirst("^try it:\\s+emn ", "").replaceFirst("\\s+\\(a held-out.*$", "").split(" ");
        String cover = Path.of(words[words.length - 1]).getFileName().toString();
        assertTrue(Files.readAllLines(run.resolve("split.csv")).contains(cover + ",test"), line);
        CliTest.Result detect = CliTest.run(words);
        assertEquals(0, detect.code(), detect.err());
        assertTrue(detect.out().contains(cover) && detect.out().contains("stego"), detect.out());
        JsonObject m = JsonParser.parseString(Files.readString(run.resolve("test-metrics.json"))).getAsJsonObject();
        // 20% of 40 covers are held out, each with its stego
        assertEquals(8, m.get("covers").getAsInt());
        assertEquals(8, m.get("stegos").getAsInt());
        double pe = m.get("pe").getAsDouble();
        assertTrue(pe >= 0 && pe <= 0.5, "P_E " + pe);
        CliTest.Result again = CliTest.run("demo", "--quick", "--dir", d.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a demo run"), again.err());
        CliTest.Result bad = CliTest.run("demo", "--task", "nope", "--dir", tmp.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("expected steganalysis or shapes"), bad.err());
    }
}
