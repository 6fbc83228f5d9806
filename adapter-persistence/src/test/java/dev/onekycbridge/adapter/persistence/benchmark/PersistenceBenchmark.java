package dev.onekycbridge.adapter.persistence.benchmark;

import dev.onekycbridge.adapter.persistence.DataKey;
import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.testing.TestData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Throughput of the store's write path beside a bare JDBC baseline, on SQLite and (when
 * {@code BRIDGE_TEST_POSTGRES_URL} is set) PostgreSQL. Not a unit test: run it by hand (see README.md).
 *
 * <p>One operation is what a driver step and a callback cost the store: {@code save} of a submission that moved
 * one step (its row updated under optimistic locking, one document row rewritten, one history entry appended),
 * then {@code append} of a callback body to the inbox (duplicate check, encryption, insert) — two transactions
 * and four rows. The baseline writes the same rows and about the same bytes with plain JDBC in two transactions:
 * one UPDATE, one document UPDATE and one history INSERT, then one inbox INSERT — no encryption, no checks,
 * no reads, no jOOQ.
 *
 * <p>Arguments: the number of measured operations (default 3000), then of warm-up operations (default 1500). Single-threaded: the figure is the latency of
 * one writer, which is what SQLite allows anyway.
 */
public final class PersistenceBenchmark {
    private static final int ROWS_PER_OPERATION = 4;
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private PersistenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.out.printf(Locale.ROOT, "persistence benchmark: %d operations after %d warm-up, %d cores, %s %s%n",
                operations, warmup, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));

        Path folder = Files.createTempDirectory("onekyc-bench");
        run("SQLite", "jdbc:sqlite:" + folder.resolve("bench.db"), "jdbc:sqlite:" + folder.resolve("baseline.db"),
                operations, warmup);
        String postgres = System.getenv("BRIDGE_TEST_POSTGRES_URL");
        if (postgres == null || postgres.isBlank()) {
            System.out.println("PostgreSQL: SKIPPED, BRIDGE_TEST_POSTGRES_URL is not set (see .ci/postgres.sh)");
            return;
        }
        String schema = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(postgres);
             Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        }
        try {
            String url = postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            run("PostgreSQL", url, url, operations, warmup);
        } finally {
            try (Connection connection = DriverManager.getConnection(postgres);
                 Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static void run(String name, String storeUrl, String baselineUrl, int operations, int warmup)
            throws Exception {
        byte[] material = new byte[DataKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(material);
        double store;
        try (PersistenceAdapter adapter = PersistenceAdapter.open(
                DatabaseConfig.of(storeUrl, DataKey.of("bench", material)))) {
            List<Submission> batch = created(adapter.submissionStore(), warmup + operations);
            storeOperations(adapter, batch.subList(0, warmup), 0);
            long start = System.nanoTime();
            storeOperations(adapter, batch.subList(warmup, warmup + operations), warmup);
            store = operations / seconds(start);
        }
        double baseline = baseline(baselineUrl, operations, warmup);
        System.out.printf(Locale.ROOT, "%-10s store    %8.0f ops/s  %8.0f rows/s%n", name, store,
                store * ROWS_PER_OPERATION);
        System.out.printf(Locale.ROOT, "%-10s baseline %8.0f ops/s  %8.0f rows/s  (bare JDBC)%n", name, baseline,
                baseline * ROWS_PER_OPERATION);
        System.out.printf(Locale.ROOT, "%-10s store / baseline = %.2f%n", name, store / baseline);
    }

    private static List<Submission> created(SubmissionStore store, int count) {
        List<Submission> submissions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            submissions.add(store.insert(TestData.newKtpScan(TestData.partnerUser("bench-" + i), T0)));
        }
        return submissions;
    }

    private static void storeOperations(PersistenceAdapter adapter, List<Submission> submissions, int offset) {
        SubmissionStore store = adapter.submissionStore();
        CallbackInbox inbox = adapter.callbackInbox();
        Instant now = T0.plusSeconds(1);
        for (int i = 0; i < submissions.size(); i++) {
            Submission s = submissions.get(i);
            store.save(s.initiate("plat-" + (offset + i), List.of(new UploadTarget(DocumentKind.KTP, "ref-" + i,
                    URI.create("https://storage.example/ktp/" + i + "?X-Amz-Signature=" + "f".repeat(64)),
                    now.plus(Duration.ofMinutes(15)))), now));
            inbox.append(CallbackChannel.COE, callbackBody(offset + i), now);
        }
    }

    private static String callbackBody(int i) {
        return "{\"submissionId\":\"plat-" + i + "\",\"status\":\"COMPLETED\",\"result\":\"VALID\","
                + "\"ktpData\":{\"nik\":\"" + TestData.NIK + "\",\"name\":\"" + TestData.NAME + "\"}}";
    }

    private static double baseline(String url, int operations, int warmup) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement ddl = connection.createStatement()) {
                if (url.startsWith("jdbc:sqlite:")) {
                    // The store's own settings, so that the comparison is of the code, not of the durability.
                    ddl.execute("pragma journal_mode = wal");
                    ddl.execute("pragma synchronous = normal");
                }
                ddl.execute("create table base_submissions (id varchar(36) primary key, status varchar(32), "
                        + "version bigint, updated_at bigint, personal " + blob(url) + ")");
                ddl.execute("create table base_documents (submission_id varchar(36), kind varchar(16), "
                        + "reference varchar(100), upload_url " + blob(url) + ", primary key (submission_id, kind))");
                ddl.execute("create table base_history (submission_id varchar(36), seq int, recorded_at bigint, "
                        + "kind varchar(32), from_status varchar(32), to_status varchar(32), detail varchar(200), "
                        + "primary key (submission_id, seq))");
                ddl.execute("create table base_inbox (id bigint primary key, channel varchar(16), body "
                        + blob(url) + ", body_mac varchar(64), received_at bigint, state varchar(16))");
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into base_submissions values (?, 'CREATED', 1, 0, ?)");
                 PreparedStatement document = connection.prepareStatement(
                         "insert into base_documents values (?, 'KTP', null, null)")) {
                for (int i = 0; i < warmup + operations; i++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    insert.setString(1, id);
                    insert.setBytes(2, new byte[900]);
                    insert.executeUpdate();
                    document.setString(1, id);
                    document.executeUpdate();
                }
            }
            connection.setAutoCommit(false);
            baselineOperations(connection, ids.subList(0, warmup), 0);
            long start = System.nanoTime();
            baselineOperations(connection, ids.subList(warmup, warmup + operations), warmup);
            return operations / seconds(start);
        }
    }

    private static void baselineOperations(Connection connection, List<String> ids, int offset) throws SQLException {
        byte[] personal = new byte[900];
        byte[] url = new byte[180];
        byte[] body = new byte[190];
        try (PreparedStatement update = connection.prepareStatement(
                "update base_submissions set status = 'INITIATED', version = version + 1, updated_at = ?, "
                        + "personal = ? where id = ? and version = 1");
             PreparedStatement document = connection.prepareStatement(
                     "update base_documents set reference = ?, upload_url = ? where submission_id = ? and kind = 'KTP'");
             PreparedStatement history = connection.prepareStatement(
                     "insert into base_history values (?, 1, ?, 'TRANSITION', 'CREATED', 'INITIATED', 'upload URLs')");
             PreparedStatement inbox = connection.prepareStatement(
                     "insert into base_inbox values (?, 'COE', ?, ?, ?, 'PENDING')")) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                update.setLong(1, i);
                update.setBytes(2, personal);
                update.setString(3, id);
                update.executeUpdate();
                document.setString(1, "ref-" + i);
                document.setBytes(2, url);
                document.setString(3, id);
                document.executeUpdate();
                history.setString(1, id);
                history.setLong(2, i);
                history.executeUpdate();
                connection.commit();
                inbox.setLong(1, offset + i);
                inbox.setBytes(2, body);
                inbox.setString(3, "%064x".formatted(offset + i));
                inbox.setLong(4, i);
                inbox.executeUpdate();
                connection.commit();
            }
        }
    }

    private static String blob(String url) {
        return url.startsWith("jdbc:postgresql:") ? "bytea" : "blob";
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
