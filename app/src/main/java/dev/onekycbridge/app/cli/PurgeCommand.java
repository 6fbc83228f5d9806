package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.service.RetentionService;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** {@code purge}: erases the personal data of submissions that finished longer ago than the retention period. */
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
        return "Erases the personal data (applicant details, KTP data, images, launch tokens) of final submissions"
                + " last changed before the retention period (BRIDGE_PURGE_AFTER, 30 days by default), keeping"
                + " their status and history for audit.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out) {
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        BridgeConfig config = BridgeConfig.storeOnly(source);
        Duration retention = args.durationOption("older-than", config.purgeAfter());
        args.rejectUnknown();
        try (PersistenceAdapter store = OneKycBridge.openStore(config)) {
            int purged = new RetentionService(store.submissionStore(), store.submissionCatalog(),
                    store.stagedDocuments(), Clock.systemUTC()).purgeFinishedOlderThan(retention);
            out.println(purged + " submission(s) purged of personal data (finished more than " + retention + " ago)");
            return 0;
        }
    }
}
