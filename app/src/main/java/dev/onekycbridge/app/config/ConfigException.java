package dev.onekycbridge.app.config;

import java.util.List;

/** Configuration that cannot be used: every problem, each naming its key and never a secret's value. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        this(problems, null);
    }

    /** With the failure that showed the problem, so that a caller can tell it apart (a port already taken). */
    public ConfigException(List<String> problems, Throwable cause) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
