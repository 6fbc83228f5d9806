package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.adapter.persistence.ReencryptionReport;
import dev.onekycbridge.app.Main;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code db reencrypt}: the second step of a data key rotation. With the new key in BRIDGE_DATA_KEY and the former
 * ones in BRIDGE_PREVIOUS_DATA_KEYS, rewrites every stored value under the new key, so that the former keys can go.
 */
public final class DbReencryptCommand implements Command {
    @Override
    public String name() {
        return "db reencrypt";
    }

    @Override
    public String usage() {
        return "[--config FILE]";
    }

    @Override
    public String summary() {
        return "Re-encrypts every stored value under the current data key (BRIDGE_DATA_KEY), reading those under the"
                + " former keys of BRIDGE_PREVIOUS_DATA_KEYS, and prints how many of each kind it rewrote. Safe to"
                + " run again, and while the service runs. A value it cannot decrypt is left as it is and named (table and"
                + " row) on stderr, and the command then exits 1. Once it is done and every instance runs with the new key,"
                + " remove the former keys from BRIDGE_PREVIOUS_DATA_KEYS.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        args.rejectUnknown();
        BridgeConfig config = BridgeConfig.storeOnly(source);
        try (PersistenceAdapter store = ExistingDatabase.open(config)) {
            ReencryptionReport report = store.reencrypt(OneKycBridge.databaseConfig(config).dataKey());
            out.println(config.databaseKind() + ": re-encrypted under data key " + report.dataKeyId() + ": "
                    + report.submissions() + " submission(s), " + report.documentUrls() + " document URL(s), "
                    + report.stagedImages() + " staged image(s), " + report.callbacks() + " callback(s)"
                    + (report.total() == 0 ? "; nothing was under another key" : ""));
            if (!report.complete()) {
                // Named by table and row, never by value; the rest has moved, and a run again retries these.
                err.println(report.unreadable().size() + " stored value(s) could not be decrypted and are still under"
                        + " their former key; the former keys must stay in BRIDGE_PREVIOUS_DATA_KEYS until they are"
                        + " repaired or their rows deleted:");
                report.unreadable().forEach(value -> err.println("  " + value));
                return Main.FAILED;
            }
            out.println("Every stored value is now under " + report.dataKeyId() + ": once every instance runs with"
                    + " this key, the former keys can be removed from BRIDGE_PREVIOUS_DATA_KEYS.");
            return 0;
        }
    }
}
