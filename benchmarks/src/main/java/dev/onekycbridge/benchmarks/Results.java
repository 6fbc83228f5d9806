package dev.onekycbridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends markdown to the file named by {@code --markdown}, when one was given; prints it too. */
public final class Results {
    private final Path file;

    private Results(Path file) {
        this.file = file;
    }

    public static Results from(Args args) {
        return new Results(args.option("markdown").map(Path::of).orElse(null));
    }

    public void line(String markdown) {
        System.out.println(markdown);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
