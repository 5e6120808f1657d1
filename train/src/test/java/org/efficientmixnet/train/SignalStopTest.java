package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.efficientmixnet.train.loop.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a training step (issue 18: a run stopped that way died with SIGSEGV inside libtorch, as
 * the JVM's exit ran libtorch's static destructors under the step). The run must stop after the step in flight, free
 * its arrays, exit with 143 and no native crash, and leave its last checkpoint ready to resume.
 */
class SignalStopTest {
    @TempDir
    Path tmp;

    /** The process under test: trains until killed, printing "epoch E step S" after every step. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path run = Path.of(args[1]);
        TrainConfig c = TrainConfig.builder(TrainingRunTest.tiny(), data.toString()).epochs(1000).batch(8).lr(0.01)
                .momentum(0).workers(1).seed(3).valFraction(0.25).build();
        TrainingRun.create(c, run).progress(Progress.silent()).log(m -> {
            System.err.println(m);
            System.err.flush();
        }).decorateStep(step -> (b, ctx) -> {
            StepResult r = step.run(b, ctx);
            System.out.println("epoch " + ctx.epoch() + " step " + (ctx.index() + 1));
            System.out.flush();
            return r;
        }).fit();
        System.out.println("finished");
    }

    @Test
    void sigtermMidStepStopsCleanlyAndTheRunResumes() throws Exception {
        Path data = tmp.resolve("shapes");
        SyntheticShapes.write(data, 3, 24, 24, 7);
        Path run = tmp.resolve("run");
        Path cwd = Files.createDirectories(tmp.resolve("cwd")); // where a crashed JVM would leave hs_err_pid*.log
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                SignalStopTest.class.getName(), data.toString(), run.toString())
                .directory(cwd.toFile()).redirectError(err.toFile()).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.equals("epoch 2 step 3")) { // epoch 1 is checkpointed; epoch 2 is under way
                    p.destroy(); // SIGTERM
                    break;
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process did not exit within 60 s of SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err);
        try (Stream<Path> s = Files.list(cwd)) {
            assertEquals(List.of(), s.map(f -> f.getFileName().toString()).toList(), "a JVM crash log: " + stderr);
        }
        assertFalse(stderr.contains("fatal error") || stderr.contains("SIGSEGV"), stderr);
        assertEquals(143, p.exitValue(), stderr);
        assertTrue(stderr.contains("stopped: the process was asked to stop during epoch 2 (its steps are not kept); "
                + "the last checkpoint (epoch 1) is in " + run), stderr);
        assertEquals(1, Checkpoint.read(run.resolve("last.json")).epoch());
        assertEquals(1, Files.readAllLines(run.resolve("train.log")).size());
        assertEquals(2, Files.readAllLines(run.resolve("history.csv")).size());
    }
}
