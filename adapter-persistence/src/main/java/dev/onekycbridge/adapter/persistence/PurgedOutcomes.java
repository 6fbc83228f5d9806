package dev.onekycbridge.adapter.persistence;

import static dev.onekycbridge.adapter.persistence.schema.Tables.SUBMISSIONS;

import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.ReasonCode;
import dev.onekycbridge.core.submission.Result;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Record6;

/**
 * Rewrites the outcome of each purged row that an earlier build left with values that are no code in its plain
 * columns, as a purge writes it now ({@link Outcome#withoutPersonalData}): a migration step, run once, in the
 * migration's transaction (V13__withhold_plain_outcomes_of_purged_rows.sql). A purged row has no personal data to
 * seal the withheld values in: they go. Rows read by id, a batch at a time; only those that change are written,
 * with their version raised so that no snapshot remembered of them is taken for the row.
 */
final class PurgedOutcomes {
    private static final System.Logger LOG = System.getLogger(PurgedOutcomes.class.getName());
    private static final int BATCH = 500;

    private PurgedOutcomes() {
    }

    /** Rewrites every purged outcome that holds a value that is no code; how many. */
    static int withhold(DSLContext ctx) {
        int rewritten = 0;
        int unreadable = 0;
        String after = "";
        while (true) {
            List<Record6<String, String, String, String, String, String>> rows = ctx
                    .select(SUBMISSIONS.ID, SUBMISSIONS.OUTCOME_STATUS, SUBMISSIONS.OUTCOME_RESULT,
                            SUBMISSIONS.OUTCOME_REASON_CODE, SUBMISSIONS.OUTCOME_VERIFICATION,
                            SUBMISSIONS.OUTCOME_CERTIFICATE)
                    .from(SUBMISSIONS)
                    .where(SUBMISSIONS.PURGED_AT.isNotNull().and(SUBMISSIONS.OUTCOME_STATUS.isNotNull())
                            .and(SUBMISSIONS.ID.gt(after)))
                    .orderBy(SUBMISSIONS.ID)
                    .limit(BATCH)
                    .fetch();
            for (var row : rows) {
                try {
                    rewritten += rewrite(ctx, row);
                } catch (RuntimeException e) {
                    // Left as it is (a column that does not parse): the migration must not stop on one row.
                    unreadable++;
                }
            }
            if (rows.size() < BATCH) {
                break;
            }
            after = rows.get(rows.size() - 1).value1();
        }
        if (rewritten > 0 || unreadable > 0) {
            int done = rewritten;
            int left = unreadable;
            LOG.log(System.Logger.Level.INFO, () -> "withheld the values that are no code of " + done
                    + " purged outcome(s)" + (left == 0 ? "" : "; " + left + " could not be read and are left"));
        }
        return rewritten;
    }

    private static int rewrite(DSLContext ctx, Record6<String, String, String, String, String, String> row) {
        Outcome plain = new Outcome(new PlatformStatus(row.value2()),
                row.value3() == null ? null : new Result(row.value3()),
                row.value4() == null ? null : new ReasonCode(row.value4()),
                SnapshotCodec.readVerification(row.value5()), null, SnapshotCodec.readCertificate(row.value6()),
                null, Map.of()).withoutPersonalData();
        String status = plain.status().raw();
        String result = plain.result() == null ? null : plain.result().raw();
        String reasonCode = plain.reasonCode() == null ? null : plain.reasonCode().raw();
        String verification = SnapshotCodec.writeVerification(plain.verificationResult());
        String certificate = SnapshotCodec.writeCertificate(plain.certificateRegistration());
        if (status.equals(row.value2()) && Objects.equals(result, row.value3())
                && Objects.equals(reasonCode, row.value4()) && Objects.equals(verification, row.value5())
                && Objects.equals(certificate, row.value6())) {
            return 0;
        }
        return ctx.update(SUBMISSIONS)
                .set(SUBMISSIONS.OUTCOME_STATUS, status)
                .set(SUBMISSIONS.OUTCOME_RESULT, result)
                .set(SUBMISSIONS.OUTCOME_REASON_CODE, reasonCode)
                .set(SUBMISSIONS.OUTCOME_VERIFICATION, verification)
                .set(SUBMISSIONS.OUTCOME_CERTIFICATE, certificate)
                .set(SUBMISSIONS.VERSION, SUBMISSIONS.VERSION.plus(1))
                .where(SUBMISSIONS.ID.eq(row.value1()))
                .execute();
    }
}
