package dev.onekycbridge.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The command line run in this JVM, as {@code java -jar} would run it, keeping what its last run printed. */
final class CommandLine {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs {@code argv} with {@code environment} as the process environment; the exit code. */
    int run(Map<String, String> environment, String... argv) {
        out.reset();
        err.reset();
        return Main.standard().run(List.of(argv), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
