package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.io.PrintStream;
import java.util.Map;

/** {@code db migrate}: applies the schema's pending migrations and reports the version. */
public final class DbCommand implements Command {
    @Override
    public String name() {
        return "db migrate";
    }

    @Override
    public String usage() {
        return "[--config FILE]";
    }

    @Override
    public String summary() {
        return "Applies the database schema's pending migrations (the service also does at start) and prints the"
                + " schema version. Safe to run while other instances start.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        args.rejectUnknown();
        BridgeConfig config = BridgeConfig.storeOnly(source);
        try (PersistenceAdapter store = OneKycBridge.openStore(
                OneKycBridge.databaseConfig(config).withMigrateOnOpen(false))) {
            var report = OneKycBridge.migrateStore(store);
            out.println(config.databaseKind() + ": schema version " + report.previousVersion() + " -> "
                    + report.currentVersion() + (report.applied().isEmpty() ? ", already up to date"
                    : ", applied " + String.join(", ", report.applied())));
            return 0;
        }
    }
}
