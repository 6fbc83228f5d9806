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

    /** Runs the command; returns the process exit code. */
    int run(Args args, Map<String, String> environment, PrintStream out) throws Exception;
}
