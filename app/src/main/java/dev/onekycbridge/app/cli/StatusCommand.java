package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.port.out.SubmissionPage;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code status}: one submission, or a partner user's submissions, from the store. */
public final class StatusCommand implements Command {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String usage() {
        return "<submission-id> | --partner-user-id ID  [--config FILE]";
    }

    @Override
    public String summary() {
        return "Shows a submission's status, outcome, failure, next step, the lease held on it and its history from"
                + " the store (no personal data), or lists a partner user's submissions.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Optional<String> user = args.option("partner-user-id");
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        List<String> ids = args.positional();
        args.rejectUnknown();
        if (ids.isEmpty() && user.isEmpty()) {
            throw new UsageException("status needs a submission id or --partner-user-id");
        }
        if (!ids.isEmpty() && user.isPresent()) {
            throw new UsageException("status takes a submission id or --partner-user-id, not both");
        }
        if (ids.size() > 1) {
            throw new UsageException("status takes one submission id");
        }
        // A mistyped id is told before the database is looked for, let alone opened.
        SubmissionId id = user.isPresent() ? null : parse(ids.get(0));
        BridgeConfig config = BridgeConfig.storeOnly(source);
        try (PersistenceAdapter store = ExistingDatabase.open(config)) {
            if (user.isPresent()) {
                return listAll(store, user.get(), out, err);
            }
            Optional<Submission> found = store.submissionStore().findById(id);
            if (found.isEmpty()) {
                err.println("no submission " + id);
                return dev.onekycbridge.app.Main.FAILED;
            }
            SubmissionText.print(out, found.get(), store.leaseOf(id));
            return 0;
        }
    }

    /** Every submission of the partner user, newest first, page after page: a list cut at one page would hide some. */
    private static int listAll(PersistenceAdapter store, String partnerUserId, PrintStream out,
                               PrintStream err) {
        int listed = 0;
        String cursor = null;
        do {
            SubmissionPage page = store.submissionCatalog().list(new SubmissionQuery(partnerUserId, null, null,
                    SubmissionQuery.MAX_LIMIT, cursor));
            for (Submission s : page.items()) {
                out.printf("%s  %-8s %-20s %s%n", s.id(), s.flow(), s.status(),
                        s.outcome().map(o -> o.verdict()).orElse(""));
            }
            listed += page.items().size();
            cursor = page.nextCursor();
        } while (cursor != null);
        if (listed == 0) {
            err.println("no submissions for that partner user");
            return dev.onekycbridge.app.Main.FAILED;
        }
        return 0;
    }

    static SubmissionId parse(String text) {
        try {
            return SubmissionId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("a submission id is a UUID");
        }
    }
}
