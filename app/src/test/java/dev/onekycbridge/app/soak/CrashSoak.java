package dev.onekycbridge.app.soak;

import dev.onekycbridge.app.SandboxProfile;
import dev.onekycbridge.app.soak.PartnerClient.Registration;
import dev.onekycbridge.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the crash soaks share besides their final check ({@link CrashSoakOutcome}): the settings of a service
 * process that is killed and started again, the registrations, and the scratch folder.
 */
final class CrashSoak {
    static final long SEED = Long.getLong("soak.seed", 20_240_611L);
    /** At most this long for the lease a killed process leaves on what it was doing to end, and polls after. */
    static final Duration SETTLE = Duration.ofSeconds(Long.getLong("soak.crash.settleSeconds", 420));
    static final Duration START = Duration.ofSeconds(90);
    /** A service process's driver threads: one kill cuts off at most this many steps. */
    static final int DRIVER_THREADS = 4;
    /** Posts in flight at once, retried with the same key and bytes while the service cannot answer. */
    static final int POSTERS = 4;
    static final Duration POST_PATIENCE = Duration.ofMinutes(4);

    private CrashSoak() {
    }

    /**
     * The environment of a service process on {@code port} with its platform at {@code sandbox}.
     *
     * @param uploads its own uploads directory: a service starting empties its directory, so two instances (or
     *     anything else on the machine) sharing the default one would delete each other's requests' images
     */
    static Map<String, String> serviceSettings(SandboxServer sandbox, String databaseUrl, String dataKey, int port,
                                               Path uploads) {
        Map<String, String> environment = new HashMap<>(SandboxProfile.settingsFor(sandbox));
        environment.put("BRIDGE_DB_URL", databaseUrl);
        environment.put("BRIDGE_DATA_KEY", dataKey);
        environment.put("BRIDGE_HTTP_HOST", "127.0.0.1");
        environment.put("BRIDGE_HTTP_PORT", Integer.toString(port));
        environment.put("BRIDGE_UPLOADS_DIR", uploads.toString());
        environment.put("BRIDGE_POLL_AFTER", "PT3S");
        // A killed process's claims run out after this; the sandbox answers fast, so steps take far less.
        environment.put("BRIDGE_CLAIM_LEASE", "PT20S");
        // Callback bodies are kept this long before the retention purge erases them: far longer than a soak, whose
        // final check opens every body the inbox holds to tell which callback it is (30 days is also the default).
        environment.put("BRIDGE_PURGE_AFTER", "P30D");
        return environment;
    }

    /** {@code count} registrations, the scenarios in turn, under user ids no earlier run on the same sandbox used. */
    static List<Registration> registrations(String tag, int count) {
        String prefix = tag + Long.toHexString(SEED & 0xffff) + Long.toHexString(System.nanoTime() & 0xfff);
        List<Registration> registrations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            registrations.add(Registration.of(prefix, i));
        }
        return registrations;
    }

    /** The submissions not yet final by the service's {@code submissions} gauge; -1 when it could not be read. */
    static long notFinal(Optional<String> metrics) {
        return metrics.map(m -> MetricsText.sum(m, "submissions", "status=\"CREATED\"")
                + MetricsText.sum(m, "submissions", "status=\"INITIATED\"")
                + MetricsText.sum(m, "submissions", "status=\"UPLOADED\"")
                + MetricsText.sum(m, "submissions", "status=\"CONFIRMED\"")
                + MetricsText.sum(m, "submissions", "status=\"PARTIALLY_COMPLETED\"")).orElse(-1L);
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Deletes a passing soak's folder; keeps a failing one's and says where {@code what} is. */
    static void cleanUp(Path folder, boolean passed, String what) throws IOException {
        if (folder == null) {
            return;
        }
        if (passed) {
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } else {
            System.out.println(what + " kept in " + folder);
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
