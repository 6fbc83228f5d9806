package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSIONS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSION_DOCUMENTS;
import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSION_HISTORY;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.noCondition;

import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionDocumentsRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionHistoryRecord;
import dev.onekycbridge.adapter.persistence.schema.tables.records.SubmissionsRecord;
import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.ImageType;
import dev.onekycbridge.core.document.UploadState;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.DuplicateSubmissionException;
import dev.onekycbridge.core.port.out.PurgeCandidate;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.HistoryKind;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import dev.onekycbridge.core.submission.Schedule;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionSnapshot;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.submission.TransitionSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

/**
 * Submissions in the database: one row per submission (personal part encrypted), its documents (upload URL
 * encrypted), and its append-only history. Also the driver's queue of due work and the catalog's queries.
 */
final class JooqSubmissionStore implements SubmissionStore, DueSubmissions, SubmissionCatalog {
    /**
     * As literals in the SQL, not bind values: only then can SQLite (and PostgreSQL's generic plans) tell that a
     * query stays inside the partial indexes on these statuses (the driver's queue, one active submission per
     * user, retention) and use them instead of scanning every submission.
     */
    static final List<Field<String>> FINAL_STATUSES = Arrays.stream(SubmissionStatus.values())
            .filter(SubmissionStatus::isFinal).<Field<String>>map(status -> inline(status.name())).toList();

    /**
     * Tries of an insert that a constraint refused although no rule was broken once it was looked up: the user's
     * active submission ended in between, and a try again finds the slot free.
     */
    private static final int INSERT_ATTEMPTS = 3;
    /** Every column but the mark that only migration V9 sets, which no insert or save may clear. */
    private static final List<Field<?>> SUBMISSION_COLUMNS = Arrays.stream(SUBMISSIONS.fields())
            .filter(column -> !column.equals(SUBMISSIONS.ESIGN_SLOT_EXEMPT)).toList();
    private static final List<Field<?>> DOCUMENT_COLUMNS = List.of(SUBMISSION_DOCUMENTS.fields());
    private static final List<Field<?>> HISTORY_COLUMNS = List.of(SUBMISSION_HISTORY.fields());
    /** What a save writes: everything but the key, the creation time and the lease, which a save leaves alone. */
    private static final List<Field<?>> SAVED_COLUMNS = SUBMISSION_COLUMNS.stream()
            .filter(c -> !List.of(SUBMISSIONS.ID, SUBMISSIONS.CREATED_AT, SUBMISSIONS.LEASE_OWNER,
                    SUBMISSIONS.LEASE_UNTIL).contains(c))
            .toList();
    private static final String INSERT_SUBMISSION = RecordSql.insert(SUBMISSIONS, SUBMISSION_COLUMNS);
    private static final String INSERT_DOCUMENT = RecordSql.insert(SUBMISSION_DOCUMENTS, DOCUMENT_COLUMNS);
    private static final String UPSERT_DOCUMENT = RecordSql.upsert(SUBMISSION_DOCUMENTS, DOCUMENT_COLUMNS,
            List.of(SUBMISSION_DOCUMENTS.SUBMISSION_ID, SUBMISSION_DOCUMENTS.KIND));
    private static final String INSERT_HISTORY = RecordSql.insert(SUBMISSION_HISTORY, HISTORY_COLUMNS);
    /** The stored status with the history, at a version: no row when the submission is not at that version. */
    private static final String STORED_HISTORY = "SELECT s.status, " + RecordSql.columns("h", HISTORY_COLUMNS)
            + " FROM submissions s LEFT JOIN submission_history h ON h.submission_id = s.id"
            + " WHERE s.id = ? AND s.version = ? ORDER BY h.seq";
    private static final String STORED_DOCUMENTS = RecordSql.select(SUBMISSION_DOCUMENTS, "d", DOCUMENT_COLUMNS)
            + " JOIN submissions s ON s.id = d.submission_id WHERE s.id = ? AND s.version = ?";
    private static final String SUBMISSIONS_WITH_ID = RecordSql.select(SUBMISSIONS, "s", SUBMISSION_COLUMNS)
            + " WHERE s.id IN ";
    private static final String DOCUMENTS_OF = RecordSql.select(SUBMISSION_DOCUMENTS, "d", DOCUMENT_COLUMNS)
            + " WHERE d.submission_id IN ";
    private static final String HISTORY_OF = RecordSql.select(SUBMISSION_HISTORY, "h", HISTORY_COLUMNS)
            + " WHERE h.submission_id IN ";
    /** Not final: as in the partial indexes' conditions, literally, so that the planners use them. */
    private static final String NOT_FINAL = "status NOT IN (" + Arrays.stream(SubmissionStatus.values())
            .filter(SubmissionStatus::isFinal).map(status -> "'" + status.name() + "'")
            .collect(Collectors.joining(", ")) + ")";
    private static final String LEASE_OWNERS = "SELECT DISTINCT lease_owner FROM submissions WHERE " + NOT_FINAL
            + " AND lease_owner IS NOT NULL AND lease_until > ?";
    /** One submission found by a column, the oldest if several match. */
    private static final String FIND_BY = RecordSql.select(SUBMISSIONS, "s", SUBMISSION_COLUMNS) + " WHERE s.";
    private static final String FIRST = " ORDER BY s.created_at, s.id LIMIT 1";
    private static final String FIND_ACTIVE = RecordSql.select(SUBMISSIONS, "s", SUBMISSION_COLUMNS)
            + " WHERE s.flow = ? AND s.partner_user_id = ? AND s.partner_user_id_type = ? AND s." + NOT_FINAL + FIRST;
    private static final String LEASE = "UPDATE submissions SET lease_owner = ?, lease_until = ? WHERE id IN ";
    /** Leases one submission if no live lease holds it; binds the owner, the lease's end, the id, then the time. */
    private static final String LEASE_IF_FREE = "UPDATE submissions SET lease_owner = ?, lease_until = ? WHERE id = ?"
            + " AND " + NOT_FINAL + " AND (lease_until IS NULL OR lease_until <= ?)";
    /** As {@link #LEASE_IF_FREE}, and only if its next step is due: binds the time once more. */
    private static final String LEASE_IF_DUE = LEASE_IF_FREE + " AND next_step_at <= ?";
    private static final String WHERE_AT_VERSION = " WHERE id = ? AND version = ?";
    /**
     * A save from a remembered state: only over the row remembered, whose personal data, sealed afresh by every
     * write, is bound after the version (see {@link RecentSnapshots}).
     */
    private static final String AS_REMEMBERED = " AND personal = ?";
    /** A save by the lease's owner (bound last) that ends the lease. */
    private static final String RELEASING = ", lease_owner = NULL, lease_until = NULL";
    /** A save by the lease's owner (bound last) that extends the lease to the time bound first. */
    private static final String RENEWING = ", lease_until = ?";
    private static final String BY_OWNER = " AND lease_owner = ?";
    private static final String SAVE = save("", "", "");
    private static final String SAVE_AND_RELEASE = save(RELEASING, "", BY_OWNER);
    private static final String SAVE_AND_RENEW = save(RENEWING, "", BY_OWNER);
    private static final String SAVE_AS_REMEMBERED = save("", AS_REMEMBERED, "");
    private static final String SAVE_AND_RELEASE_AS_REMEMBERED = save(RELEASING, AS_REMEMBERED, BY_OWNER);
    private static final String SAVE_AND_RENEW_AS_REMEMBERED = save(RENEWING, AS_REMEMBERED, BY_OWNER);

    private static String save(String lease, String asRemembered, String byOwner) {
        return "UPDATE submissions SET " + RecordSql.assignments(SAVED_COLUMNS) + lease + WHERE_AT_VERSION
                + asRemembered + byOwner;
    }

    private final Database database;
    private final Ciphers ciphers;
    private final JooqStagedDocuments staged;
    private final RecentSnapshots recent = new RecentSnapshots();
    private final UnreadableRows unreadableRows = new UnreadableRows("submission");

    JooqSubmissionStore(Database database, Ciphers ciphers, JooqStagedDocuments staged) {
        this.database = database;
        this.ciphers = ciphers;
        this.staged = staged;
    }

    // ---- SubmissionStore ----

    @Override
    public Submission insert(Submission submission) {
        Objects.requireNonNull(submission, "submission");
        SubmissionSnapshot stored = storedForm(submission.snapshot(), 1);
        SubmissionsRecord row = row(stored);
        List<SubmissionDocumentsRecord> documents = documentRows(stored);
        for (int attempt = 1; ; attempt++) {
            try {
                // The constraints (primary key, unique idempotency key, one active submission per user among the
                // flows sharing a result lookup) refuse a duplicate; only then is it worth finding out which rule
                // it broke.
                database.write("inserting a submission", ctx -> ctx.connectionResult(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement(INSERT_SUBMISSION)) {
                        RecordSql.bind(insert, 1, row, SUBMISSION_COLUMNS);
                        insert.executeUpdate();
                    }
                    writeDocuments(connection, INSERT_DOCUMENT, documents);
                    appendHistory(connection, stored, 0);
                    return null;
                }));
                recent.remember(stored, row.getPersonal());
                return Submission.restore(stored);
            } catch (PersistenceException e) {
                if (!e.isConstraintViolation()) {
                    throw e;
                }
                database.read("inserting a submission", ctx -> {
                    refuseDuplicate(ctx, stored);
                    return null;
                });
                // No rule is broken now: the user's active submission that refused it has ended since.
                if (attempt == INSERT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void refuseDuplicate(DSLContext ctx, SubmissionSnapshot snapshot) {
        if (ctx.fetchExists(SUBMISSIONS, SUBMISSIONS.ID.eq(snapshot.id().toString()))) {
            throw new IllegalArgumentException("submission " + snapshot.id() + " exists");
        }
        if (snapshot.idempotencyKey() != null
                && ctx.fetchExists(SUBMISSIONS, SUBMISSIONS.IDEMPOTENCY_KEY.eq(snapshot.idempotencyKey()))) {
            throw new DuplicateSubmissionException(DuplicateSubmissionException.Reason.IDEMPOTENCY_KEY_TAKEN);
        }
        if (!snapshot.status().isFinal() && ctx.fetchExists(SUBMISSIONS,
                activeAmong(snapshot.flow().sharingItsResultLookup(), snapshot.partnerUser()))) {
            throw new DuplicateSubmissionException(DuplicateSubmissionException.Reason.ACTIVE_SUBMISSION_EXISTS);
        }
    }

    @Override
    public Submission save(Submission submission) {
        return save(submission, null, null);
    }

    /**
     * A save, with the lease of {@code releasing} (if not null, and if it still holds it) ended by the same
     * {@code UPDATE}.
     *
     * <p>Under SQLite's one writer, the transaction does no more than write: the row under its version check,
     * the documents that changed and the new history entries. What they are compared with is read before, at
     * the loaded version, or taken from what the last load or save remembered: documents and history change only in
     * a transaction that moves the version on, so what was read still holds if the version check passes, and if it
     * does not the save is stale anyway. A remembered state is the row's only if the row still holds the personal
     * data it was remembered with, which the {@code UPDATE} checks too; a row at that version with other personal
     * data (re-encrypted, or written again after the database lost the write remembered) makes the save go by what
     * the rows say instead, as if nothing was remembered. Personal data and upload URLs are sealed before too; their
     * ciphertexts depend on nothing read inside.
     */
    private Submission save(Submission submission, String owner, Instant leaseUntil) {
        try {
            return save(submission, owner, leaseUntil, true);
        } catch (NotAsRemembered e) {
            recent.forget(submission.id().toString());
            return save(submission, owner, leaseUntil, false);
        }
    }

    private Submission save(Submission submission, String owner, Instant leaseUntil, boolean fromMemory) {
        Objects.requireNonNull(submission, "submission");
        SubmissionSnapshot loaded = submission.snapshot();
        SubmissionSnapshot stored = storedForm(loaded, loaded.version() + 1);
        String id = stored.id().toString();
        // What the last load or save remembered, unless the history does not follow on from it: then the rows say.
        RecentSnapshots.Remembered remembered = fromMemory ? recent.at(id, loaded.version())
                .filter(r -> StoredState.of(r.snapshot()).isPrefixOf(stored.history())).orElse(null) : null;
        StoredState before = Optional.ofNullable(remembered).map(r -> StoredState.of(r.snapshot()))
                .or(() -> readStoredState(id, loaded.version()))
                .orElseThrow(() -> new StaleSubmissionException(loaded.id(), loaded.version()));
        List<HistoryEntry> history = before.history();
        if (!before.isPrefixOf(stored.history())) {
            throw new IllegalArgumentException("history is append-only");
        }
        SubmissionsRecord row = row(stored);
        List<SubmissionDocumentsRecord> changedDocuments = documentRows(stored, before.documents());
        // Images are needed until every one is uploaded; a submission past that point, or final, needs none.
        boolean discardStaged = stored.purgedAt() != null
                || needsStagedImages(before.status()) && !needsStagedImages(stored.status());
        String sql = remembered == null
                ? owner == null ? SAVE : leaseUntil == null ? SAVE_AND_RELEASE : SAVE_AND_RENEW
                : owner == null ? SAVE_AS_REMEMBERED : leaseUntil == null ? SAVE_AND_RELEASE_AS_REMEMBERED
                : SAVE_AND_RENEW_AS_REMEMBERED;
        List<String> imageFiles = database.write("saving a submission", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                int next = RecordSql.bind(update, 1, row, SAVED_COLUMNS);
                if (leaseUntil != null) {
                    RecordSql.bind(update, next++, SUBMISSIONS.LEASE_UNTIL, leaseUntil);
                }
                update.setString(next++, id);
                update.setLong(next++, loaded.version());
                if (remembered != null) {
                    update.setBytes(next++, remembered.sealedPersonal());
                }
                if (owner != null) {
                    update.setString(next, owner);
                }
                if (update.executeUpdate() == 0) {
                    throw remembered != null ? new NotAsRemembered()
                            : new StaleSubmissionException(loaded.id(), loaded.version());
                }
            }
            writeDocuments(connection, UPSERT_DOCUMENT, changedDocuments);
            appendHistory(connection, stored, history.size());
            // A purge leaves no image behind in any case.
            return discardStaged ? JooqStagedDocuments.deleteAllOf(connection, id) : List.<String>of();
        }));
        staged.deleteFiles(imageFiles);
        // The rows now hold what was saved: documents unchanged are equal to it, the others were written.
        recent.remember(stored, row.getPersonal());
        return Submission.restore(stored);
    }

    /**
     * A save from a remembered state found no row at its version with the remembered personal data: stale, or the
     * row is not the one remembered. Nothing was written; the save is made again from what the rows say.
     */
    private static final class NotAsRemembered extends RuntimeException {
        NotAsRemembered() {
            super(null, null, false, false);
        }
    }

    private static boolean needsStagedImages(SubmissionStatus status) {
        return !status.isFinal() && !status.isAfter(SubmissionStatus.UPLOADED);
    }

    /** What the rows of submission {@code id} hold at {@code version}; empty if it is not at that version. */
    private Optional<StoredState> readStoredState(String id, long version) {
        return database.read("saving a submission", ctx -> ctx.connectionResult(connection -> {
            // Each statement sees one committed state; both name the version, so both describe the same one.
            SubmissionStatus status = null;
            List<HistoryEntry> history = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(STORED_HISTORY)) {
                select.setString(1, id);
                select.setLong(2, version);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        status = SubmissionStatus.valueOf(rows.getString(1));
                        if (rows.getObject(2) != null) {
                            history.add(historyEntry(RecordSql.read(rows, 2, new SubmissionHistoryRecord(),
                                    HISTORY_COLUMNS)));
                        }
                    }
                }
            }
            if (status == null) {
                return Optional.<StoredState>empty();
            }
            Map<DocumentKind, Document> documents = new EnumMap<>(DocumentKind.class);
            try (PreparedStatement select = connection.prepareStatement(STORED_DOCUMENTS)) {
                select.setString(1, id);
                select.setLong(2, version);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Document document = document(RecordSql.read(rows, 1, new SubmissionDocumentsRecord(),
                                DOCUMENT_COLUMNS));
                        documents.put(document.kind(), document);
                    }
                }
            }
            return Optional.of(new StoredState(status, documents, history));
        }));
    }

    @Override
    public Optional<Submission> findById(SubmissionId id) {
        return findOne("finding a submission", FIND_BY + "id = ?" + FIRST, id.toString());
    }

    @Override
    public Optional<Submission> findByPlatformSubmissionId(String platformSubmissionId) {
        return findOne("finding a submission", FIND_BY + "platform_submission_id = ?" + FIRST, platformSubmissionId);
    }

    @Override
    public Optional<Submission> findByPartnerSessionId(String partnerSessionId) {
        return findOne("finding a submission", FIND_BY + "partner_session_id = ?" + FIRST, partnerSessionId);
    }

    @Override
    public Optional<Submission> findActive(FlowType flow, PartnerUser partnerUser) {
        return findOne("finding the active submission", FIND_ACTIVE, flow.name(), partnerUser.userId(),
                partnerUser.userIdType());
    }

    @Override
    public Optional<Submission> findByIdempotencyKey(String idempotencyKey) {
        return findOne("finding a submission", FIND_BY + "idempotency_key = ?" + FIRST, idempotencyKey);
    }

    // ---- DueSubmissions ----

    @Override
    public List<Submission> claimDue(Instant now, Duration lease, int limit, String owner) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(owner, "owner");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        Instant until = now.plus(lease);
        // Most rounds of an idle driver find nothing due: a read says so without queueing for the writer.
        if (database.read("claiming due submissions", ctx -> dueIds(ctx, false, now, 1).isEmpty())) {
            return List.of();
        }
        // A row this instance cannot read (its key not configured here yet, or a value damaged) is released at once
        // and passed over, so that it holds neither the rows claimed with it nor those due after it.
        List<Submission> readable = new ArrayList<>(limit);
        Set<String> unreadable = new HashSet<>();
        while (readable.size() < limit) {
            List<String> ids = lease(now, until, limit - readable.size(), unreadable, owner);
            if (ids.isEmpty()) {
                break;
            }
            List<String> failed = new ArrayList<>();
            readable.addAll(loadClaimedOrRelease(ids, owner, failed));
            unreadable.addAll(failed);
            if (failed.isEmpty()) {
                break;
            }
        }
        return readable;
    }

    @Override
    public Optional<Submission> claimIfDue(SubmissionId id, Instant now, Duration lease, String owner) {
        return claimOne(LEASE_IF_DUE, id, now, lease, owner);
    }

    @Override
    public Optional<Submission> claimIfFree(SubmissionId id, Instant now, Duration lease, String owner) {
        return claimOne(LEASE_IF_FREE, id, now, lease, owner);
    }

    private Optional<Submission> claimOne(String sql, SubmissionId id, Instant now, Duration lease, String owner) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(owner, "owner");
        // One statement: on PostgreSQL it sees the row again after waiting for a concurrent claim of it.
        boolean leased = database.write("claiming a due submission", ctx -> ctx.connectionResult(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, owner);
                RecordSql.bind(update, 2, SUBMISSIONS.LEASE_UNTIL, now.plus(lease));
                update.setString(3, id.toString());
                RecordSql.bind(update, 4, SUBMISSIONS.LEASE_UNTIL, now);
                if (sql.equals(LEASE_IF_DUE)) {
                    RecordSql.bind(update, 5, SUBMISSIONS.NEXT_STEP_AT, now);
                }
                return update.executeUpdate() == 1;
            }
        }));
        if (!leased) {
            return Optional.empty();
        }
        return loadClaimedOrRelease(List.of(id.toString()), owner, new ArrayList<>()).stream().findFirst();
    }

    /**
     * The rows just leased to {@code owner}, loaded; those that cannot be read here are released and added to
     * {@code unreadable}. A read that fails (the database, not a row) releases them all: nothing it claimed stays
     * leased for the lease's length.
     */
    private List<Submission> loadClaimedOrRelease(List<String> ids, String owner, List<String> unreadable) {
        List<Submission> claimed;
        try {
            claimed = loadClaimed(ids, unreadable);
        } catch (RuntimeException e) {
            try {
                releaseAll(ids, owner);
            } catch (RuntimeException releasing) {
                e.addSuppressed(releasing);
            }
            throw e;
        }
        if (!unreadable.isEmpty()) {
            releaseAll(unreadable, owner);
        }
        return claimed;
    }

    /** Leases up to {@code limit} due rows to {@code owner}, not those in {@code passedOver}; their ids in order. */
    private List<String> lease(Instant now, Instant until, int limit, Set<String> passedOver, String owner) {
        return database.write("claiming due submissions", ctx -> {
            // PostgreSQL: rows another instance is claiming right now are skipped, not waited for. SQLite has
            // a single writer: the write transaction alone keeps claims apart.
            List<String> claimed = dueIds(ctx, database.isPostgres(), now, limit + passedOver.size()).stream()
                    .filter(id -> !passedOver.contains(id)).limit(limit).toList();
            if (!claimed.isEmpty()) {
                ctx.connection(connection -> {
                    try (PreparedStatement update = connection.prepareStatement(LEASE
                            + RecordSql.parameters(claimed.size()))) {
                        update.setString(1, owner);
                        RecordSql.bind(update, 2, SUBMISSIONS.LEASE_UNTIL, until);
                        RecordSql.bindAll(update, 3, claimed);
                        update.executeUpdate();
                    }
                });
            }
            return claimed;
        });
    }

    /**
     * The claimed submissions, in the order of {@code ids}, each decrypted and parsed on its own once the rows are
     * read; the id of one that cannot be is added to {@code unreadable} and warned of, while a failed read (the
     * database's) is thrown. Loaded after the claim's commit: the lease keeps other drivers off these rows, and
     * anything else that saves meanwhile moves the version on, as it could right after the claim anyway.
     */
    private List<Submission> loadClaimed(List<String> ids, List<String> unreadable) {
        StoredRows stored = database.read("claiming due submissions", ctx -> withDocumentsAndHistory(ctx,
                rowsWithId(ctx, ids)));
        Map<String, Submission> loaded = new HashMap<>();
        for (SubmissionsRecord row : stored.rows()) {
            try {
                loaded.put(row.getId(), restore(row, stored));
            } catch (RuntimeException e) {
                // The database has answered: what fails now is this row's alone, and must not hold the others.
                unreadable.add(row.getId());
                unreadableRows.warn(row.getId(), e, "its claim is released and the other due submissions go on");
            }
        }
        return ids.stream().map(loaded::get).filter(Objects::nonNull).toList();
    }

    private static List<SubmissionsRecord> rowsWithId(DSLContext ctx, List<String> ids) {
        return ctx.connectionResult(connection -> {
            List<SubmissionsRecord> found = new ArrayList<>(ids.size());
            try (PreparedStatement select = connection.prepareStatement(SUBMISSIONS_WITH_ID
                    + RecordSql.parameters(ids.size()))) {
                RecordSql.bindAll(select, 1, ids);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        found.add(RecordSql.read(result, 1, new SubmissionsRecord(), SUBMISSION_COLUMNS));
                    }
                }
            }
            return found;
        });
    }

    private void releaseAll(List<String> ids, String owner) {
        database.write("releasing a submission", ctx -> ctx.update(SUBMISSIONS)
                .setNull(SUBMISSIONS.LEASE_OWNER)
                .setNull(SUBMISSIONS.LEASE_UNTIL)
                .where(SUBMISSIONS.ID.in(ids).and(SUBMISSIONS.LEASE_OWNER.eq(owner)))
                .execute());
    }

    /** Up to {@code limit} due submissions nobody leases, longest due first; locked and skipping locked rows. */
    private static List<String> dueIds(DSLContext ctx, boolean lock, Instant now, int limit) {
        return ctx.connectionResult(connection -> {
            List<String> ids = new ArrayList<>(limit);
            try (PreparedStatement select = connection.prepareStatement(dueIdsSql(lock))) {
                RecordSql.bind(select, 1, SUBMISSIONS.NEXT_STEP_AT, now);
                RecordSql.bind(select, 2, SUBMISSIONS.LEASE_UNTIL, now);
                select.setInt(3, limit);
                try (ResultSet due = select.executeQuery()) {
                    while (due.next()) {
                        ids.add(due.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** The driver's queue as SQL; binds the time twice, then the limit. It reads the partial index in order. */
    static String dueIdsSql(boolean lock) {
        return "SELECT id FROM submissions WHERE " + NOT_FINAL + " AND next_step_at <= ?"
                + " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_step_at, id LIMIT ?"
                + (lock ? " FOR UPDATE SKIP LOCKED" : "");
    }

    @Override
    public Submission saveAndRelease(Submission submission, String owner) {
        return save(submission, Objects.requireNonNull(owner, "owner"), null);
    }

    @Override
    public Submission saveAndRenew(Submission submission, String owner, Instant leaseUntil) {
        return save(submission, Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(leaseUntil,
                "leaseUntil"));
    }

    @Override
    public boolean renew(SubmissionId id, String owner, Instant leaseUntil) {
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        return database.write("renewing a lease", ctx -> ctx.update(SUBMISSIONS)
                .set(SUBMISSIONS.LEASE_UNTIL, leaseUntil)
                .where(SUBMISSIONS.ID.eq(id.toString()).and(SUBMISSIONS.LEASE_OWNER.eq(owner)))
                .execute()) == 1;
    }

    @Override
    public void release(SubmissionId id, String owner) {
        database.write("releasing a submission", ctx -> ctx.update(SUBMISSIONS)
                .setNull(SUBMISSIONS.LEASE_OWNER)
                .setNull(SUBMISSIONS.LEASE_UNTIL)
                .where(SUBMISSIONS.ID.eq(id.toString()).and(SUBMISSIONS.LEASE_OWNER.eq(owner)))
                .execute());
    }

    /** The lease held on the submission now, if any. */
    Optional<Lease> leaseOf(SubmissionId id, Instant now) {
        return database.read("reading a lease", ctx -> ctx.select(SUBMISSIONS.LEASE_OWNER, SUBMISSIONS.LEASE_UNTIL)
                .from(SUBMISSIONS)
                .where(SUBMISSIONS.ID.eq(id.toString()).and(SUBMISSIONS.LEASE_OWNER.isNotNull())
                        .and(SUBMISSIONS.LEASE_UNTIL.gt(now)))
                .fetchOptional(row -> new Lease(row.value1(), row.value2())));
    }

    /**
     * Ends the leases held now by the owners {@code gone} names, in one write, and says how many. The owners are
     * read from the non-final rows, through the partial due index: a lease is only ever held on those.
     */
    int releaseLeasesOf(Predicate<String> gone, Instant now) {
        List<String> owners = database.read("reading the owners of leases", ctx -> ctx.connectionResult(
                connection -> {
                    List<String> found = new ArrayList<>();
                    try (PreparedStatement select = connection.prepareStatement(LEASE_OWNERS)) {
                        RecordSql.bind(select, 1, SUBMISSIONS.LEASE_UNTIL, now);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                found.add(rows.getString(1));
                            }
                        }
                    }
                    return found;
                }));
        List<String> released = owners.stream().filter(gone).toList();
        if (released.isEmpty()) {
            return 0;
        }
        return database.write("releasing the leases of stopped processes", ctx -> ctx.update(SUBMISSIONS)
                .setNull(SUBMISSIONS.LEASE_OWNER)
                .setNull(SUBMISSIONS.LEASE_UNTIL)
                .where(SUBMISSIONS.LEASE_OWNER.in(released).and(SUBMISSIONS.LEASE_UNTIL.gt(now)))
                .execute());
    }

    // ---- SubmissionCatalog ----

    @Override
    public SubmissionPage list(SubmissionQuery query) {
        if (query.partnerUserId() != null && holdsNul(query.partnerUserId())) {
            return new SubmissionPage(List.of(), null);
        }
        Condition where = noCondition();
        if (query.partnerUserId() != null) {
            where = where.and(SUBMISSIONS.PARTNER_USER_ID.eq(query.partnerUserId()));
        }
        if (query.status() != null) {
            where = where.and(SUBMISSIONS.STATUS.eq(query.status().name()));
        }
        if (query.flow() != null) {
            where = where.and(SUBMISSIONS.FLOW.eq(query.flow().name()));
        }
        if (query.cursor() != null) {
            Cursor after = Cursor.decode(query.cursor());
            where = where.and(SUBMISSIONS.CREATED_AT.lt(after.createdAt())
                    .or(SUBMISSIONS.CREATED_AT.eq(after.createdAt()).and(SUBMISSIONS.ID.gt(after.id()))));
        }
        Condition condition = where;
        return database.read("listing submissions", ctx -> {
            List<SubmissionsRecord> rows = ctx.selectFrom(SUBMISSIONS).where(condition)
                    .orderBy(SUBMISSIONS.CREATED_AT.desc(), SUBMISSIONS.ID.asc())
                    .limit(query.limit() + 1)
                    .fetch();
            boolean more = rows.size() > query.limit();
            List<Submission> page = load(ctx, more ? rows.subList(0, query.limit()) : rows);
            String next = more ? Cursor.of(page.get(page.size() - 1).snapshot()).encode() : null;
            return new SubmissionPage(page, next);
        });
    }

    @Override
    public List<PurgeCandidate> findPurgeable(Instant cutoff, PurgeCandidate after, int limit) {
        Condition from = after == null ? noCondition()
                : SUBMISSIONS.UPDATED_AT.gt(after.updatedAt()).or(SUBMISSIONS.UPDATED_AT.eq(after.updatedAt())
                        .and(SUBMISSIONS.ID.gt(after.id().toString())));
        return database.read("finding purgeable submissions", ctx -> ctx
                .select(SUBMISSIONS.ID, SUBMISSIONS.UPDATED_AT).from(SUBMISSIONS)
                .where(SUBMISSIONS.STATUS.in(FINAL_STATUSES))
                .and(SUBMISSIONS.PURGED_AT.isNull())
                .and(SUBMISSIONS.UPDATED_AT.lt(cutoff))
                .and(from)
                .orderBy(SUBMISSIONS.UPDATED_AT, SUBMISSIONS.ID)
                .limit(limit)
                .fetch(row -> new PurgeCandidate(SubmissionId.parse(row.value1()), row.value2())));
    }

    @Override
    public Map<SubmissionStatus, Long> countByStatus() {
        Map<SubmissionStatus, Long> counts = new EnumMap<>(SubmissionStatus.class);
        database.read("counting submissions", ctx -> ctx.select(SUBMISSIONS.STATUS, count()).from(SUBMISSIONS)
                .groupBy(SUBMISSIONS.STATUS).fetch())
                .forEach(row -> counts.put(SubmissionStatus.valueOf(row.value1()), row.value2().longValue()));
        return counts;
    }

    // ---- rows ----

    /** The first submission the query finds with these text parameters, if any. */
    private Optional<Submission> findOne(String operation, String sql, String... parameters) {
        if (Arrays.stream(parameters).anyMatch(p -> p == null || holdsNul(p))) {
            return Optional.empty(); // a column equal to NULL matches no row; see holdsNul
        }
        return database.read(operation, ctx -> {
            List<SubmissionsRecord> rows = ctx.connectionResult(connection -> {
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    RecordSql.bindAll(select, 1, List.of(parameters));
                    try (ResultSet found = select.executeQuery()) {
                        return found.next()
                                ? List.of(RecordSql.read(found, 1, new SubmissionsRecord(), SUBMISSION_COLUMNS))
                                : List.<SubmissionsRecord>of();
                    }
                }
            });
            return load(ctx, rows).stream().findFirst();
        });
    }

    /**
     * Whether a text to look for holds U+0000. PostgreSQL refuses such a text even to compare it (SQL state 22021),
     * so no stored value holds one there; a lookup or filter with it finds nothing on either database, rather than
     * failing as if the store were down on PostgreSQL alone.
     */
    private static boolean holdsNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }

    private static Condition activeAmong(List<FlowType> flows, PartnerUser partnerUser) {
        return SUBMISSIONS.FLOW.in(flows.stream().map(FlowType::name).toList())
                .and(SUBMISSIONS.PARTNER_USER_ID.eq(partnerUser.userId()))
                .and(SUBMISSIONS.PARTNER_USER_ID_TYPE.eq(partnerUser.userIdType()))
                .and(SUBMISSIONS.STATUS.notIn(FINAL_STATUSES));
    }

    /**
     * The snapshot as the store keeps it, at {@code version}. A purged submission keeps no upload URL: the
     * presigned URLs are credentials, and they are erased with the personal data; nor any outcome value that is
     * no code, which it has nothing to seal in ({@link #row}).
     */
    static SubmissionSnapshot storedForm(SubmissionSnapshot s, long version) {
        Map<DocumentKind, Document> documents = s.documents();
        Outcome outcome = s.outcome();
        if (s.purgedAt() != null) {
            Map<DocumentKind, Document> erased = new EnumMap<>(DocumentKind.class);
            documents.forEach((kind, d) -> erased.put(kind,
                    new Document(d.facts(), d.reference(), null, d.uploadUrlExpiresAt(), d.state())));
            documents = erased;
            outcome = outcome == null ? null : outcome.withoutPersonalData();
        }
        return new SubmissionSnapshot(s.id(), s.flow(), s.partnerUser(), s.platformSubmissionId(),
                s.partnerSessionId(), s.status(), s.input(), documents, outcome, s.launch(), s.failure(),
                s.schedule(), s.confirmAttemptedAt(), s.idempotencyKey(), s.requestFingerprint(), s.createdAt(),
                s.updatedAt(), s.purgedAt(), version, s.history());
    }

    private SubmissionsRecord row(SubmissionSnapshot s) {
        SubmissionsRecord row = new SubmissionsRecord();
        String id = s.id().toString();
        row.setId(id);
        row.setFlow(s.flow().name());
        row.setStatus(s.status().name());
        row.setPartnerUserId(s.partnerUser().userId());
        row.setPartnerUserIdType(s.partnerUser().userIdType());
        row.setPlatformSubmissionId(s.platformSubmissionId());
        row.setPartnerSessionId(s.partnerSessionId());
        row.setIdempotencyKey(s.idempotencyKey());
        // Sealed with the personal data below; the column only ever held it in plain, before version 8.
        row.setRequestFingerprint(null);
        // In plain only what the purge keeps (codes); the rest is sealed below, and erased with the personal data.
        Outcome outcome = s.outcome() == null ? null : s.outcome().withoutPersonalData();
        row.setOutcomeStatus(outcome == null ? null : outcome.status().raw());
        row.setOutcomeResult(outcome == null || outcome.result() == null ? null : outcome.result().raw());
        row.setOutcomeReasonCode(outcome == null || outcome.reasonCode() == null ? null : outcome.reasonCode().raw());
        row.setOutcomeVerification(outcome == null ? null : SnapshotCodec.writeVerification(outcome.verificationResult()));
        row.setOutcomeCertificate(outcome == null ? null
                : SnapshotCodec.writeCertificate(outcome.certificateRegistration()));
        row.setOutcomeProcessedAt(outcome == null ? null : outcome.processedAt());
        row.setOutcomeRejectionTexts(outcome == null ? null
                : SnapshotCodec.writeRejectionTexts(outcome.rejectionTexts()));
        row.setFailureCode(s.failure() == null ? null : s.failure().code());
        row.setFailureCause(s.failure() == null ? null : s.failure().cause());
        row.setNextStepAt(s.schedule().nextStepAt());
        row.setFailedAttempts(s.schedule().failedAttempts());
        Failure last = s.schedule().lastFailure();
        row.setLastFailureCode(last == null ? null : last.code());
        row.setLastFailureCause(last == null ? null : last.cause());
        row.setConfirmAttemptedAt(s.confirmAttemptedAt());
        SnapshotCodec.Personal personal = new SnapshotCodec.Personal(s.input(),
                s.outcome() == null ? null : s.outcome().ktpData(), s.launch(), s.requestFingerprint(),
                WithheldOutcome.of(s.outcome()));
        // A purged row seals nothing, whatever the snapshot holds (a purged row an earlier build left with values
        // that are no code in plain, saved again for a late report): the purge picks only rows not purged, so
        // nothing would erase it again. The plain columns above hold the withheld forms alone.
        if (s.purgedAt() != null || personal.isEmpty()) {
            row.setPersonal(null);
            row.setDataKeyId(null);
        } else {
            DataCipher.Sealed sealed = ciphers.current().seal(SnapshotCodec.writePersonal(personal),
                    personalContext(id));
            row.setPersonal(sealed.bytes());
            row.setDataKeyId(sealed.keyId());
        }
        row.setVersion(s.version());
        row.setCreatedAt(s.createdAt());
        row.setUpdatedAt(s.updatedAt());
        row.setPurgedAt(s.purgedAt());
        return row;
    }

    private List<SubmissionDocumentsRecord> documentRows(SubmissionSnapshot s) {
        return documentRows(s, Map.of());
    }

    /** The rows of the snapshot's documents that differ from {@code stored} (sealed here, outside any transaction). */
    private List<SubmissionDocumentsRecord> documentRows(SubmissionSnapshot s, Map<DocumentKind, Document> stored) {
        List<SubmissionDocumentsRecord> rows = new ArrayList<>();
        String id = s.id().toString();
        for (DocumentKind kind : DocumentKind.values()) {
            Document d = s.documents().get(kind);
            if (d == null || d.equals(stored.get(kind))) {
                continue;
            }
            SubmissionDocumentsRecord row = new SubmissionDocumentsRecord();
            row.setSubmissionId(id);
            row.setKind(d.kind().name());
            row.setContentType(d.facts().type().mediaType());
            row.setSizeBytes(d.facts().sizeBytes());
            row.setSha256(d.facts().sha256());
            row.setReference(d.reference());
            if (d.uploadUrl() == null) {
                row.setUploadUrl(null);
                row.setDataKeyId(null);
            } else {
                DataCipher.Sealed sealed = ciphers.current().seal(d.uploadUrl().toString(),
                        uploadUrlContext(id, d.kind()));
                row.setUploadUrl(sealed.bytes());
                row.setDataKeyId(sealed.keyId());
            }
            row.setUploadUrlExpiresAt(d.uploadUrlExpiresAt());
            row.setUploadState(d.state().name());
            rows.add(row);
        }
        return rows;
    }

    private static void writeDocuments(Connection connection, String sql, List<SubmissionDocumentsRecord> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            for (SubmissionDocumentsRecord row : rows) {
                RecordSql.bind(write, 1, row, DOCUMENT_COLUMNS);
                write.executeUpdate();
            }
        }
    }

    private static void appendHistory(Connection connection, SubmissionSnapshot s, int from) throws SQLException {
        List<HistoryEntry> history = s.history();
        if (from >= history.size()) {
            return;
        }
        String id = s.id().toString();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_HISTORY)) {
            for (int seq = from; seq < history.size(); seq++) {
                HistoryEntry entry = history.get(seq);
                RecordSql.bind(insert, 1, new SubmissionHistoryRecord(id, seq, entry.at(), entry.kind().name(),
                        entry.from().name(), entry.to().name(), entry.source().name(), entry.detail()),
                        HISTORY_COLUMNS);
                insert.executeUpdate();
            }
        }
    }

    private static HistoryEntry historyEntry(SubmissionHistoryRecord row) {
        return new HistoryEntry(row.getRecordedAt(), HistoryKind.valueOf(row.getKind()),
                SubmissionStatus.valueOf(row.getFromStatus()), SubmissionStatus.valueOf(row.getToStatus()),
                TransitionSource.valueOf(row.getSource()), row.getDetail());
    }

    /**
     * Submissions from their rows, in the rows' order, with documents and history: a submission remembered at its
     * row's version is taken from memory, the others are read (two more queries in all) and decrypted.
     */
    private List<Submission> load(DSLContext ctx, List<SubmissionsRecord> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        StoredRows stored = withDocumentsAndHistory(ctx, rows);
        List<Submission> submissions = new ArrayList<>(rows.size());
        for (SubmissionsRecord row : rows) {
            submissions.add(restore(row, stored));
        }
        return submissions;
    }

    /**
     * The rows with what else restoring them needs from the database: the snapshots remembered at their rows'
     * versions, and the documents and history of the others, read (two queries in all) but not yet decrypted.
     */
    private StoredRows withDocumentsAndHistory(DSLContext ctx, List<SubmissionsRecord> rows) {
        Map<String, SubmissionSnapshot> remembered = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (SubmissionsRecord row : rows) {
            recent.at(row.getId(), row.getVersion(), row.getPersonal()).ifPresentOrElse(
                    snapshot -> remembered.put(row.getId(), snapshot), () -> unknown.add(row.getId()));
        }
        Map<String, List<SubmissionDocumentsRecord>> documents = new HashMap<>();
        Map<String, List<SubmissionHistoryRecord>> history = new HashMap<>();
        if (!unknown.isEmpty()) {
            readDocumentsAndHistory(ctx, unknown, documents, history);
        }
        return new StoredRows(rows, remembered, documents, history);
    }

    /**
     * The submission of one of {@code stored}'s rows, from memory or decrypted and parsed. It does not reach the
     * database: whatever fails here is the row's own (a value damaged, or sealed under a key not configured).
     */
    private Submission restore(SubmissionsRecord row, StoredRows stored) {
        try {
            return restoreOrFail(row, stored);
        } catch (StoredDataUnreadableException e) {
            throw e;
        } catch (RuntimeException e) {
            // A plain column that does not parse, or values the core refuses together: damaged all the same.
            throw new DataKeyMismatchException("stored data of submission " + row.getId() + " does not parse ("
                    + e.getClass().getName() + ")", row.getDataKeyId(), StoredDataUnreadableException.Kind.DAMAGED);
        }
    }

    private Submission restoreOrFail(SubmissionsRecord row, StoredRows stored) {
        SubmissionSnapshot snapshot = stored.remembered().get(row.getId());
        if (snapshot == null) {
            Map<DocumentKind, Document> documents = new EnumMap<>(DocumentKind.class);
            for (SubmissionDocumentsRecord documentRow : stored.documents().getOrDefault(row.getId(), List.of())) {
                Document document = document(documentRow);
                documents.put(document.kind(), document);
            }
            List<HistoryEntry> history = stored.history().getOrDefault(row.getId(), List.of()).stream()
                    .map(JooqSubmissionStore::historyEntry).toList();
            snapshot = snapshot(row, documents, history);
            // Read by separate statements, documents and history may be of a later version than the row; the
            // entry is then for a write the rows have left, which no later load reads and no save can pass.
            recent.remember(snapshot, row.getPersonal());
        }
        return Submission.restore(snapshot);
    }

    /** Submission rows as read, with the snapshots remembered for some and the other rows' documents and history. */
    private record StoredRows(List<SubmissionsRecord> rows, Map<String, SubmissionSnapshot> remembered,
                              Map<String, List<SubmissionDocumentsRecord>> documents,
                              Map<String, List<SubmissionHistoryRecord>> history) {
    }

    private void readDocumentsAndHistory(DSLContext ctx, List<String> ids,
                                         Map<String, List<SubmissionDocumentsRecord>> documents,
                                         Map<String, List<SubmissionHistoryRecord>> history) {
        ctx.connection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(DOCUMENTS_OF
                    + RecordSql.parameters(ids.size()))) {
                RecordSql.bindAll(select, 1, ids);
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        SubmissionDocumentsRecord row = RecordSql.read(found, 1, new SubmissionDocumentsRecord(),
                                DOCUMENT_COLUMNS);
                        documents.computeIfAbsent(row.getSubmissionId(), key -> new ArrayList<>()).add(row);
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(HISTORY_OF
                    + RecordSql.parameters(ids.size()) + " ORDER BY h.submission_id, h.seq")) {
                RecordSql.bindAll(select, 1, ids);
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        SubmissionHistoryRecord row = RecordSql.read(found, 1, new SubmissionHistoryRecord(),
                                HISTORY_COLUMNS);
                        history.computeIfAbsent(row.getSubmissionId(), key -> new ArrayList<>()).add(row);
                    }
                }
            }
        });
    }

    private Document document(SubmissionDocumentsRecord row) {
        DocumentKind kind = DocumentKind.valueOf(row.getKind());
        URI url = row.getUploadUrl() == null ? null : uploadUrl(row, kind);
        ImageType type = ImageType.fromMediaType(row.getContentType()).orElseThrow(() ->
                new IllegalStateException("stored document has an unknown content type"));
        return new Document(new DocumentFacts(kind, type, row.getSizeBytes(), row.getSha256()), row.getReference(),
                url, row.getUploadUrlExpiresAt(), UploadState.valueOf(row.getUploadState()));
    }

    /** A presigned URL: a credential, which a URI's parse error would quote. */
    private URI uploadUrl(SubmissionDocumentsRecord row, DocumentKind kind) {
        String context = uploadUrlContext(row.getSubmissionId(), kind);
        String text = ciphers.current().openString(row.getDataKeyId(), row.getUploadUrl(), context);
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw DataCipher.notParsed(row.getDataKeyId(), context, e);
        }
    }

    /**
     * The personal data of a row. What decrypts and does not parse is damaged, as what does not decrypt: no
     * instance reads it (a parse error's message may quote the data, so it is not passed on).
     */
    private SnapshotCodec.Personal personal(SubmissionsRecord row) {
        if (row.getPersonal() == null) {
            return new SnapshotCodec.Personal(null, null, null, null);
        }
        String context = personalContext(row.getId());
        String text = ciphers.current().openString(row.getDataKeyId(), row.getPersonal(), context);
        try {
            return SnapshotCodec.readPersonal(text);
        } catch (RuntimeException e) {
            throw DataCipher.notParsed(row.getDataKeyId(), context, e);
        }
    }

    private SubmissionSnapshot snapshot(SubmissionsRecord row, Map<DocumentKind, Document> documents,
                                        List<HistoryEntry> history) {
        SnapshotCodec.Personal personal = personal(row);
        Outcome plain = row.getOutcomeStatus() == null ? null : new Outcome(
                new PlatformStatus(row.getOutcomeStatus()),
                row.getOutcomeResult() == null ? null : new Result(row.getOutcomeResult()),
                row.getOutcomeReasonCode() == null ? null : new ReasonCode(row.getOutcomeReasonCode()),
                SnapshotCodec.readVerification(row.getOutcomeVerification()), personal.ktpData(),
                SnapshotCodec.readCertificate(row.getOutcomeCertificate()), row.getOutcomeProcessedAt(),
                SnapshotCodec.readRejectionTexts(row.getOutcomeRejectionTexts()));
        Outcome outcome = plain == null ? null : personal.outcome().restore(plain);
        Failure failure = row.getFailureCause() == null ? null : new Failure(row.getFailureCode(), row.getFailureCause());
        Failure lastFailure = row.getLastFailureCause() == null ? null
                : new Failure(row.getLastFailureCode(), row.getLastFailureCause());
        return new SubmissionSnapshot(SubmissionId.parse(row.getId()), FlowType.valueOf(row.getFlow()),
                new PartnerUser(row.getPartnerUserId(), row.getPartnerUserIdType()), row.getPlatformSubmissionId(),
                row.getPartnerSessionId(), SubmissionStatus.valueOf(row.getStatus()), personal.input(), documents,
                outcome, personal.launch(), failure,
                new Schedule(row.getNextStepAt(), row.getFailedAttempts(), lastFailure), row.getConfirmAttemptedAt(),
                row.getIdempotencyKey(), personal.requestFingerprint() != null ? personal.requestFingerprint()
                        : row.getRequestFingerprint(), row.getCreatedAt(), row.getUpdatedAt(),
                row.getPurgedAt(), row.getVersion(), history);
    }

    static String personalContext(String submissionId) {
        return "submissions.personal|" + submissionId;
    }

    static String uploadUrlContext(String submissionId, DocumentKind kind) {
        return "submission_documents.upload_url|" + submissionId + "|" + kind.name();
    }

    /** A position in the newest-first listing: after the submission created at {@code createdAt} with {@code id}. */
    record Cursor(Instant createdAt, String id) {
        private static final String PREFIX = "c1:";

        static Cursor of(SubmissionSnapshot snapshot) {
            return new Cursor(snapshot.createdAt(), snapshot.id().toString());
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (PREFIX + createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            Supplier<IllegalArgumentException> invalid = () -> new IllegalArgumentException("invalid cursor");
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                if (!text.startsWith(PREFIX) || bar < 0) {
                    throw invalid.get();
                }
                Instant createdAt = Instant.parse(text.substring(PREFIX.length(), bar));
                String id = SubmissionId.parse(text.substring(bar + 1)).toString();
                return new Cursor(createdAt, id);
            } catch (RuntimeException e) {
                throw invalid.get();
            }
        }
    }
}
