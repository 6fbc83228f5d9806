package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.adapter.persistence.VacuumReport;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code db vacuum}: gives a SQLite file's free space back to the file system. The purge erases values, but the
 * file keeps the pages they were in, and rows appended later rarely reuse what is left of them: without a vacuum
 * the file only grows.
 */
public final class DbVacuumCommand implements Command {
    @Override
    public String name() {
        return "db vacuum";
    }

    @Override
    public String usage() {
        return "[--config FILE]";
    }

    @Override
    public String summary() {
        return "SQLite: rebuilds the database file without the space that the purge's erased values and deleted rows"
                + " left in it, and prints the file's size before and after. Stop the service first: the vacuum needs"
                + " the database to itself for as long as it runs (a write of the service would wait for it, then"
                + " fail), and room for a copy of the database beside it. PostgreSQL: does nothing; autovacuum makes"
                + " that space reusable by new rows.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        args.rejectUnknown();
        BridgeConfig config = BridgeConfig.storeOnly(source);
        try (PersistenceAdapter store = ExistingDatabase.open(config)) {
            Optional<VacuumReport> vacuumed = store.vacuum();
            if (vacuumed.isEmpty()) {
                out.println(config.databaseKind() + ": nothing to do: autovacuum makes the space of erased and"
                        + " deleted rows reusable by new ones");
                return 0;
            }
            VacuumReport report = vacuumed.get();
            out.println(config.databaseKind() + ": vacuumed, " + mebibytes(report.bytesBefore()) + " -> "
                    + mebibytes(report.bytesAfter()) + " (the file with its WAL)");
            return 0;
        }
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
