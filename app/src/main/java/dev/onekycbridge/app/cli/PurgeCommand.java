package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.Periods;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.port.in.PurgeReport;
import dev.onekycbridge.core.service.RetentionService;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code purge}: one retention purge now, as the service runs it every hour: personal data of submissions that
 * finished longer ago than the retention period, bodies of callbacks settled before it, images staged for
 * submissions never stored once an hour old.
 */
public final class PurgeCommand implements Command {
    @Override
    public String name() {
        return "purge";
    }

    @Override
    public String usage() {
        return "[--older-than P30D] [--config FILE]";
    }

    @Override
    public String summary() {
        return "Erases personal data held longer than the retention period (BRIDGE_PURGE_AFTER, 30 days by"
                + " default): the applicant details, KTP data, images and launch tokens of final submissions last"
                + " changed before it, keeping their status and history for audit; the bodies of callbacks settled"
                + " before it (KTP data, image URLs), keeping their entries; images staged for submissions never"
                + " stored, once an hour old. The service does the same every hour; this runs it now.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        BridgeConfig config = BridgeConfig.storeOnly(source);
        // Zero or less would erase every final submission at once, however recently it finished.
        Duration retention = args.positiveDurationOption("older-than", config.purgeAfter());
        args.rejectUnknown();
        try (PersistenceAdapter store = ExistingDatabase.open(config)) {
            PurgeReport report = new RetentionService(store.submissionStore(), store.submissionCatalog(),
                    store.stagedDocuments(), store.callbackInbox(), Clock.systemUTC()).purgeOlderThan(retention);
            out.println(report + " (older than " + Periods.text(retention) + ")");
            return 0;
        }
    }
}
