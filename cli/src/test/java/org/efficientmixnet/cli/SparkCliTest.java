package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** emn spark without the spark module on the class path (the cli's own tests): one clear line, no trace. */
class SparkCliTest {
    @Test
    void withoutTheSparkModuleTheErrorSaysHowToRunIt() {
        CliTest.Result r = CliTest.run("spark", "embed", "--algo", "hill", "--payload", "0.4", "--covers", "c", "--out", "o");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: emn spark needs the spark module and Apache Spark 4 on the class path"), r.err());
        assertTrue(r.err().contains("docs/spark.md") && !r.err().contains("\tat "), r.err());
    }
}
