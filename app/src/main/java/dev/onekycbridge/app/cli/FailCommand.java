package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.Main;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.service.FailSubmissionService;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fail}: an operator ends a submission that will not finish (the platform lost it, or keeps it at
 * PARTIALLY_COMPLETED for good), so that its partner user may start another. Beside a running service, on the
 * same database: the service's driver drops a step it had in hand for it.
 */
public final class FailCommand implements Command {
    @Override
    public String name() {
        return "fail";
    }

    @Override
    public String usage() {
        return "<submission-id> --reason TEXT [--config FILE]";
    }

    @Override
    public String summary() {
        return "Ends a submission that is not final as FAILED, with your reason (code OPERATOR, source OPERATOR in"
                + " its history): its staged images are deleted and its partner user may start a new one. A"
                + " result the platform reports for it later is kept as a conflict, never applied.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Optional<String> reason = args.option("reason");
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        List<String> ids = args.positional();
        args.rejectUnknown();
        if (ids.size() != 1) {
            throw new UsageException("fail takes one submission id");
        }
        if (reason.isEmpty()) {
            throw new UsageException("fail needs --reason: say why, for whoever reads the submission later");
        }
        SubmissionId id = StatusCommand.parse(ids.get(0));
        BridgeConfig config = BridgeConfig.storeOnly(source);
        try (PersistenceAdapter store = ExistingDatabase.open(config)) {
            FailSubmissionService operator = new FailSubmissionService(store.submissionStore(),
                    store.stagedDocuments(), event -> { }, Clock.systemUTC());
            Optional<Submission> failed;
            try {
                failed = operator.failSubmission(id, reason.get());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } catch (IllegalStateException e) {
                err.println("submission " + id + " is not failed: " + e.getMessage());
                return Main.FAILED;
            }
            if (failed.isEmpty()) {
                err.println("no submission " + id);
                return Main.FAILED;
            }
            SubmissionText.print(out, failed.get());
            return 0;
        }
    }
}
