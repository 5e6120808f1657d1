package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code emn spark …}: the spark module's jobs in this process. The cli does not depend on the spark module (Spark is
 * large and provided by clusters): the jobs are found by name on the class path, where bin/emn puts the module and
 * Spark for this subcommand; otherwise the error says how to run them.
 */
@Command(name = "spark", description = "Embedding and scoring as Apache Spark jobs (emn spark --help; docs/spark.md).")
final class SparkCommand implements Callable<Integer> {
    static final String MAIN = "org.efficientmixnet.spark.SparkMain";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Every argument after {@code spark}, in order, for the spark module's own parser. */
    @Unmatched
    List<String> args;

    @Override
    public Integer call() throws Exception {
        List<String> all = args == null ? List.of() : args;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.lang.reflect.Method run;
        try {
            run = Class.forName(MAIN).getMethod("run", String[].class, PrintWriter.class, PrintWriter.class);
        } catch (ClassNotFoundException | NoClassDefFoundError | NoSuchMethodException e) {
            throw new IllegalStateException("emn spark needs the spark module and Apache Spark 4 on the class path"
                    + " (missing: " + e.getMessage() + "); bin/emn adds them after `mvn -B -pl spark -am package"
                    + " -DskipTests`; on a cluster use spark-submit (docs/spark.md)");
        }
        try {
            return (Integer) run.invoke(null, all.toArray(String[]::new), out, err);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
        }
    }
}
