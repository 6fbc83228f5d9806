package dev.onekycbridge.app.cli;

import java.io.PrintStream;
import java.util.Map;

/** One command of the command line. */
public interface Command {
    /** The word that selects it, e.g. {@code serve} or {@code db migrate}. */
    String name();

    /** The usage line after the command name. */
    String usage();

    /** What it does, in one or two sentences. */
    String summary();

    /**
     * Runs the command; returns the process exit code. What it did or found goes to {@code out}, which scripts
     * read; why it could not (a refusal, an id that names nothing) to {@code err}.
     */
    int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) throws Exception;
}
