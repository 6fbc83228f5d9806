package dev.onekycbridge.app.cli;

import dev.onekycbridge.app.config.IsoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's arguments: {@code --name value} options, {@code --flag}s, and positional words. */
public final class Args {
    private static final String HELP = "help";

    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private Set<String> flagNames = Set.of();
    private boolean positionalUsed;

    /**
     * @param flagNames the options that take no value ({@code --help} and {@code -h} always are)
     * @throws UsageException on an option that needs a value and has none or is given twice, or a flag given one
     */
    public static Args parse(List<String> words, Set<String> flagNames) {
        Args args = new Args();
        args.flagNames = Set.copyOf(flagNames);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--help") || word.equals("-h")) {
                args.flags.add(HELP);
            } else if (word.startsWith("--")) {
                String name = word.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0 && (flagNames.contains(name.substring(0, eq)) || name.startsWith(HELP + "="))) {
                    // "--sandbox=true" would otherwise be an option nobody reads, and the flag would be off.
                    throw new UsageException("--" + name.substring(0, eq) + " takes no value");
                } else if (eq >= 0) {
                    // "--partner-user-id=" is no user id, and "--config=" no file.
                    if (eq == name.length() - 1) {
                        throw new UsageException("--" + name.substring(0, eq) + " needs a value");
                    }
                    args.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flagNames.contains(name)) {
                    args.flags.add(name);
                } else if (i + 1 < words.size() && isValue(words.get(i + 1))) {
                    args.put(name, words.get(++i));
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else {
                args.positional.add(word);
            }
        }
        return args;
    }

    /** One option's value; a second one is refused: "--ktp a.jpg … --ktp b.jpg" would otherwise send b.jpg. */
    private void put(String name, String value) {
        if (options.putIfAbsent(name, value) != null) {
            throw new UsageException("--" + name + " is given twice");
        }
    }

    /**
     * Whether a word can be an option's value. Another option cannot, nor a request for help: "register --details
     * -h" lacks its file (a file named -h, or the help instead of the registration, would surprise either way).
     */
    private static boolean isValue(String word) {
        return !word.startsWith("--") && !word.equals("-h");
    }

    /** Whether {@code --help} or {@code -h} stands among the words in its own right, not where a value was due. */
    public boolean help() {
        used.add(HELP);
        return flags.contains(HELP);
    }

    public boolean flag(String name) {
        used.add(name);
        return flags.contains(name);
    }

    public Optional<String> option(String name) {
        used.add(name);
        return Optional.ofNullable(options.get(name));
    }

    public Optional<Path> path(String name) {
        return option(name).map(Path::of);
    }

    public int intOption(String name, int fallback) {
        return option(name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number");
            }
        }).orElse(fallback);
    }

    /** A duration that must be longer than zero, such as a retention period, read as the configuration reads one. */
    public Duration positiveDurationOption(String name, Duration fallback) {
        Duration value = option(name).map(text -> IsoDuration.parse(text).orElse(Duration.ZERO)).orElse(fallback);
        if (value.isNegative() || value.isZero()) {
            throw new UsageException("--" + name + " must be " + IsoDuration.EXPECTED);
        }
        return value;
    }

    public List<String> positional() {
        positionalUsed = true;
        return List.copyOf(positional);
    }

    /**
     * Fails on options the command did not ask for, and on words of a command that takes none: a typo must not be
     * ignored silently ({@code serve sandbox} is not {@code serve --sandbox}).
     */
    public void rejectUnknown() {
        if (!positionalUsed && !positional.isEmpty()) {
            String word = positional.get(0);
            if (flagNames.contains(word)) {
                throw new UsageException("unexpected argument '" + word + "': the flag is written --" + word);
            }
            // Any other word is not repeated: it is often the rest of an option's value left unquoted, a secret.
            throw new UsageException("unexpected argument: the command takes no word that is not an option's value"
                    + " (a value with a space in it needs quotes)");
        }
        for (String name : options.keySet()) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
        for (String name : flags) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }
}
