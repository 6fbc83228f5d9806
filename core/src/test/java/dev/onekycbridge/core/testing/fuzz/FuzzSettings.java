package dev.onekycbridge.core.testing.fuzz;

/**
 * How much to fuzz: {@code -Dfuzz.iterations} (10,000 by default, the size CI runs in {@code mvn -B verify};
 * 100,000 for the full run) and {@code -Dfuzz.seed} (fixed by default, so a failure reproduces).
 */
public final class FuzzSettings {
    public static final int DEFAULT_ITERATIONS = 10_000;
    public static final long DEFAULT_SEED = 0x0CE_4C_B1D6EL;

    private FuzzSettings() {
    }

    public static int iterations() {
        String value = System.getProperty("fuzz.iterations");
        return value == null || value.isBlank() ? DEFAULT_ITERATIONS : Integer.parseInt(value.strip());
    }

    /**
     * Prints a test's summary line, and appends it to the file named by {@code -Dfuzz.report} if given (surefire's
     * own output files are shared with every other run of the module).
     */
    public static synchronized void report(String line) {
        System.out.println(line);
        String file = System.getProperty("fuzz.report");
        if (file != null && !file.isBlank()) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(file.strip()), line + System.lineSeparator(),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static long seed() {
        String value = System.getProperty("fuzz.seed");
        return value == null || value.isBlank() ? DEFAULT_SEED : Long.parseLong(value.strip());
    }
}
