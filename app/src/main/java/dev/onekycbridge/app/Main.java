package dev.onekycbridge.app;

import dev.onekycbridge.app.cli.Args;
import dev.onekycbridge.app.cli.Command;
import dev.onekycbridge.app.cli.DbCommand;
import dev.onekycbridge.app.cli.DbReencryptCommand;
import dev.onekycbridge.app.cli.DbVacuumCommand;
import dev.onekycbridge.app.cli.DemoCommand;
import dev.onekycbridge.app.cli.FailCommand;
import dev.onekycbridge.app.cli.PurgeCommand;
import dev.onekycbridge.app.cli.ReconcileCommand;
import dev.onekycbridge.app.cli.RegisterCommand;
import dev.onekycbridge.app.cli.SandboxCommand;
import dev.onekycbridge.app.cli.ServeCommand;
import dev.onekycbridge.app.cli.StatusCommand;
import dev.onekycbridge.app.cli.UsageException;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.app.config.IoReason;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code onekyc-bridge} command line. */
public final class Main {
    /** The exit code of a command line or configuration that cannot be used. */
    public static final int USAGE = 2;
    /** The exit code of a command that could not do its work: a database or platform out of reach, an id unknown. */
    public static final int FAILED = 1;

    private static final Set<String> FLAGS = Set.of("sandbox", "keep", "all", "wait");
    private static final Pattern COMMAND_WORD = Pattern.compile("[a-z][a-z-]{0,23}");

    private final List<Command> commands;

    Main(List<Command> commands) {
        this.commands = commands;
    }

    static Main standard() {
        return new Main(List.of(new ServeCommand(), new DemoCommand(), new SandboxCommand(), new RegisterCommand(),
                new StatusCommand(),
                new ReconcileCommand(), new DbCommand(), new DbReencryptCommand(), new DbVacuumCommand(),
                new PurgeCommand(), new FailCommand()));
    }

    public static void main(String[] argv) {
        // Read by the logging configuration, before anything logs.
        System.setProperty("BRIDGE_LOG_LEVEL", logLevel(Arrays.asList(argv), System.getenv()));
        Logging.configure();
        // Exiting explicitly also ends the non-daemon threads of libraries; during a shutdown it simply waits
        // for the shutdown hooks, which are what made the command return.
        System.exit(standard().run(Arrays.asList(argv), System.getenv(), System.out, System.err));
    }

    /**
     * The level of the bridge's loggers: BRIDGE_LOG_LEVEL from the environment or the {@code --config} file; else
     * WARN for the commands that narrate what happens (log lines would only interleave with the story), INFO for
     * the others. A value that is not a level is INFO here, and the configuration check names it.
     */
    static String logLevel(List<String> argv, Map<String, String> environment) {
        Path file = null;
        try {
            file = Args.parse(argv.isEmpty() ? argv : argv.subList(1, argv.size()), FLAGS).path("config")
                    .orElse(null);
        } catch (UsageException | java.nio.file.InvalidPathException e) {
            // The command reports it.
        }
        ConfigSource source;
        try {
            source = ConfigSource.load(file, environment);
        } catch (ConfigException e) {
            source = ConfigSource.load(null, environment); // the command reports the unreadable file
        }
        boolean narrates = !argv.isEmpty() && (argv.get(0).equals("demo") || argv.get(0).equals("register"));
        String fallback = narrates ? "WARN" : "INFO";
        return source.get("BRIDGE_LOG_LEVEL").isPresent() ? BridgeConfig.logLevel(source).orElse("INFO") : fallback;
    }

    int run(List<String> argv, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (argv.isEmpty()) {
            // No command is a usage error: the help goes where errors go, and stdout stays empty.
            help(err);
            return USAGE;
        }
        if (argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            help(out);
            return 0;
        }
        String version = Main.class.getPackage().getImplementationVersion();
        if (argv.get(0).equals("--version") && version != null) {
            out.println("onekyc-bridge " + version);
            return 0;
        }
        if (argv.get(0).startsWith("-")) {
            // As other tools take them ("--config c.properties status"); the words are not repeated, since an
            // option's value may be a secret.
            err.println("onekyc-bridge: options go after the command: onekyc-bridge <command> [options]; see"
                    + " onekyc-bridge --help");
            return USAGE;
        }
        for (Command command : commands) {
            List<String> words = List.of(command.name().split(" "));
            if (argv.size() >= words.size() && argv.subList(0, words.size()).equals(words)) {
                List<String> rest = argv.subList(words.size(), argv.size());
                try {
                    Args args = Args.parse(rest, FLAGS);
                    // -h as well as --help, as for the command line as a whole: "status -h" is no submission id.
                    // Where an option's value was due ("register --details -h") the parse refused it instead.
                    if (args.help()) {
                        out.println("usage: onekyc-bridge " + command.name() + " " + command.usage());
                        out.println();
                        out.println(wrap(command.summary(), 78, ""));
                        return 0;
                    }
                    return command.run(args, environment, out, err);
                } catch (UsageException e) {
                    err.println("onekyc-bridge " + command.name() + ": " + e.getMessage());
                    err.println("usage: onekyc-bridge " + command.name() + " " + command.usage());
                    return USAGE;
                } catch (ConfigException e) {
                    err.println("onekyc-bridge " + command.name() + ": cannot start, " + e.getMessage());
                    return USAGE;
                } catch (StoreUnavailableException e) {
                    // Its message names the operation and why, in words (a locked file, a refused password).
                    err.println("onekyc-bridge " + command.name() + ": " + e.getMessage());
                    return FAILED;
                } catch (UncheckedIOException e) {
                    // Wrapped without words of its own, its message is the cause's class name and text.
                    String what = e.getMessage() == null || e.getMessage().equals(e.getCause().toString()) ? "failed"
                            : e.getMessage();
                    err.println("onekyc-bridge " + command.name() + ": " + what + " ("
                            + IoReason.of(e.getCause()) + ")");
                    return FAILED;
                } catch (Exception e) {
                    // Unexpected: the exception's name is what a bug report needs.
                    err.println("onekyc-bridge " + command.name() + ": failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                    return FAILED;
                }
            }
        }
        List<Command> group = commands.stream().filter(command -> command.name().startsWith(argv.get(0) + " "))
                .toList();
        if (!group.isEmpty()) {
            // "db" alone, or with a word it does not have: the commands it does have.
            boolean help = argv.contains("--help") || argv.contains("-h");
            PrintStream to = help ? out : err;
            if (!help) {
                String word = argv.size() > 1 ? " " + commandWord(argv.get(1)) : "";
                err.println("onekyc-bridge: '" + argv.get(0) + word + "' is not a command; " + argv.get(0) + " has:");
            }
            group.forEach(command -> to.println("usage: onekyc-bridge " + command.name() + " " + command.usage()));
            return help ? 0 : USAGE;
        }
        err.println("onekyc-bridge: unknown command '" + commandWord(argv.get(0)) + "'; see onekyc-bridge --help");
        return USAGE;
    }

    /**
     * A word of the command line as an error may repeat it: only what could be a command's name. The rest of the
     * line is never repeated, since it may hold a secret ({@code --callback-auth 'Bearer …'}).
     */
    private static String commandWord(String word) {
        return COMMAND_WORD.matcher(word).matches() ? word : "…";
    }

    private void help(PrintStream out) {
        out.println("onekyc-bridge — the partner side of GoTo OneKYC: certificate registration, KTP scan and");
        out.println("identity verification, driven durably.");
        out.println();
        out.println("usage: java -jar onekyc-bridge.jar <command> [options]");
        out.println();
        out.println("commands:");
        for (Command command : commands) {
            out.println("  " + command.name() + " " + command.usage());
            out.println(wrap(command.summary(), 74, "      "));
        }
        out.println();
        out.println("Configuration comes from the environment, over a KEY=VALUE file given with --config:");
        out.println("ONEKYC_ENV, ONEKYC_CLIENT_ID, ONEKYC_PASS_KEY, ONEKYC_ONBOARDING_PARTNER, BRIDGE_DB_URL,");
        out.println("BRIDGE_DATA_KEY and more; see README.md. Secrets are never printed.");
        out.println("Each command explains itself with --help.");
        out.println();
        out.print("""
                exit codes: 0 done; %d failed while running (the database or the platform out of reach, a
                submission not found or not reconciled, the demo without its result); %d the command line,
                the configuration or the registration cannot be used; register also %d (rejected) and %d
                (error, failed, expired, or no result within --timeout). Results go to stdout, errors to
                stderr.
                """.formatted(FAILED, USAGE, RegisterCommand.REJECTED, RegisterCommand.NOT_COMPLETED));
    }

    private static String wrap(String text, int width, String indent) {
        StringBuilder wrapped = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width + indent.length() && line.length() > indent.length()) {
                wrapped.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(word).append(' ');
        }
        return wrapped.append(line.toString().stripTrailing()).toString();
    }
}
