package dev.onekycbridge.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} options of the load drivers. */
public final class Args {
    private final Map<String, String> options = new HashMap<>();

    private Args() {
    }

    public static Args parse(String[] args) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            parsed.options.put(args[i].substring(2), args[++i]);
        }
        return parsed;
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public String require(String name) {
        return option(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }

    public int intOption(String name, int fallback) {
        return option(name).map(Integer::parseInt).orElse(fallback);
    }

    public long longOption(String name, long fallback) {
        return option(name).map(Long::parseLong).orElse(fallback);
    }
}
