package dev.onekycbridge.app.cli;

import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigSource;
import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.in.SubmissionBusyException;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.StaleSubmissionException;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionQuery;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code reconcile}: asks the platform now for submissions' results and applies them. */
public final class ReconcileCommand implements Command {
    /** How long a signal waits for the poll it cut off to release its lease (the store's retries take 2.6 s). */
    private static final Duration POLL_END_WAIT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "reconcile";
    }

    @Override
    public String usage() {
        return "<submission-id>... | --all  [--config FILE]";
    }

    @Override
    public String summary() {
        return "Polls the platform now for the given submissions (or, with --all, every submission still waiting for"
                + " its result: CONFIRMED and PARTIALLY_COMPLETED, and identity verifications launched, INITIATED) and applies what it reports, whatever"
                + " the schedule says. A submission the service is working on (a step of its holds it, or its"
                + " callbacks keep changing it) is left to the service: --all passes over it, and a given id is"
                + " reported as not reconciled. A submission that fails, or a given id not reconciled or not found,"
                + " is reported and the others go on; the exit code is then 1. A word that is not a submission id is"
                + " a usage error, and nothing is reconciled.";
    }

    @Override
    public int run(Args args, Map<String, String> environment, PrintStream out, PrintStream err) {
        boolean all = args.flag("all");
        ConfigSource source = ConfigSource.load(args.path("config").orElse(null), environment);
        List<String> ids = args.positional();
        args.rejectUnknown();
        if (ids.isEmpty() != all) {
            throw new UsageException("reconcile needs submission ids or --all");
        }
        // Every id is checked before any is reconciled: a mistyped line is refused whole, not done in part.
        List<SubmissionId> wanted = new ArrayList<>();
        for (String id : ids) {
            try {
                wanted.add(SubmissionId.parse(id));
            } catch (IllegalArgumentException e) {
                // The word is not repeated: it may be anything, a value pasted in the wrong place.
                throw new UsageException("a submission id is a UUID; id number " + (wanted.size() + 1)
                        + " is not, and nothing was reconciled");
            }
        }
        BridgeConfig config = BridgeConfig.from(source);
        // Stopped by Ctrl-C or SIGTERM, the poll in flight is cut off and releases its lease before the store
        // closes: else the submission stayed leased for BRIDGE_CLAIM_LEASE, passed over by the service and by the
        // next reconcile. The teardown closes the bridge first (its client: the poll fails at once), then waits for
        // the poll to end, then closes the store.
        try (Teardown teardown = Teardown.onExit("reconcile-stop")) {
            CountDownLatch polling = new CountDownLatch(1);
            try {
                PersistenceAdapter store = teardown.add(ExistingDatabase.open(config));
                teardown.add(() -> polling.await(POLL_END_WAIT.toMillis(), TimeUnit.MILLISECONDS));
                OneKycBridge bridge = teardown.add(OneKycBridge.builder().config(config).persistence(store).build());
                return reconcile(bridge, all, wanted, teardown, out, err);
            } catch (RuntimeException e) {
                if (teardown.ran()) {
                    // Stopped by a signal: the store closed under it. The process ends with the signal's code.
                    return dev.onekycbridge.app.Main.FAILED;
                }
                throw e;
            } finally {
                polling.countDown();
            }
        }
    }

    /** Reconciles the wanted submissions, or all waiting for a result; the exit code. */
    private static int reconcile(OneKycBridge bridge, boolean all, List<SubmissionId> wanted, Teardown teardown,
                                 PrintStream out, PrintStream err) {
        List<Submission> targets = new ArrayList<>();
        int notFound = 0;
        if (all) {
            // Those waiting for a result; the steps before are the service's driver's, which runs them at once.
            targets.addAll(listed(bridge, SubmissionStatus.CONFIRMED, null));
            targets.addAll(listed(bridge, SubmissionStatus.PARTIALLY_COMPLETED, null));
            // An identity verification waits for its result from the launch on, INITIATED.
            for (Submission launched : listed(bridge, SubmissionStatus.INITIATED, FlowType.SIV)) {
                if (launched.launch().isPresent()) {
                    targets.add(launched);
                }
            }
        } else {
            for (SubmissionId id : wanted) {
                var found = bridge.submissions().getSubmission(id);
                if (found.isPresent()) {
                    targets.add(found.get());
                } else {
                    notFound++;
                    err.println(id + "  not found");
                }
            }
        }
        int changed = 0;
        int failed = 0;
        int passedOver = 0;
        for (Submission before : targets) {
            if (teardown.ran()) {
                // Stopped by a signal: the client is closed, every poll from now on would fail.
                return dev.onekycbridge.app.Main.FAILED;
            }
            // One submission the platform cannot answer for must not leave the others unreconciled.
            try {
                var after = bridge.reconciliation().reconcile(before.id()).orElseThrow();
                boolean moved = after.status() != before.status() || after.version() != before.version();
                changed += moved ? 1 : 0;
                out.printf("%s  %-20s -> %-20s %s%n", before.id(), before.status(), after.status(),
                        after.outcome().map(o -> o.verdict()).orElse(""));
            } catch (SubmissionBusyException e) {
                if (all) {
                    // Normal while the service runs: its step or callback brings the submission on.
                    passedOver++;
                    out.printf("%s  %-20s passed over: being worked on by the service%n", before.id(),
                            before.status());
                } else {
                    // Asked for by id, it was not reconciled: a script must not take it for done.
                    failed++;
                    err.printf("%s  %-20s not reconciled: being worked on by the service, run reconcile"
                            + " again%n", before.id(), before.status());
                }
            } catch (RuntimeException e) {
                if (teardown.ran()) {
                    // Cut off by the signal's teardown: no failure of the platform's or the submission's.
                    return dev.onekycbridge.app.Main.FAILED;
                }
                failed++;
                err.printf("%s  %-20s failed: %s%n", before.id(), before.status(), reason(e));
            }
        }
        out.println((targets.size() - failed - passedOver) + " reconciled, " + changed + " changed"
                + (passedOver == 0 ? "" : ", " + passedOver + " passed over (being worked on by the service)")
                + (failed == 0 ? "" : ", " + failed + " failed")
                + (notFound == 0 ? "" : ", " + notFound + " not found"));
        // An id that names no submission (a typo, another database) was not reconciled either.
        return failed == 0 && notFound == 0 ? 0 : dev.onekycbridge.app.Main.FAILED;
    }

    /** Every submission in {@code status} (and of {@code flow}, if given), page by page. */
    private static List<Submission> listed(OneKycBridge bridge, SubmissionStatus status, FlowType flow) {
        List<Submission> found = new ArrayList<>();
        String cursor = null;
        do {
            var page = bridge.submissionList().listSubmissions(new SubmissionQuery(null, status, flow, 100, cursor));
            found.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return found;
    }

    /**
     * Why a submission could not be reconciled, as a sentence. The platform's and the store's messages promise to
     * hold no personal data; any other exception's message may, so only its kind is named.
     */
    private static String reason(RuntimeException e) {
        if (e instanceof PlatformUnavailableException) {
            return "the platform is unavailable, try again later (" + e.getMessage() + ")";
        }
        if (e instanceof PlatformAuthenticationException) {
            return "the platform refused the credentials, check ONEKYC_CLIENT_ID and ONEKYC_PASS_KEY, and the"
                    + " flow's onboarding partner setting when it refused that (" + e.getMessage() + ")";
        }
        if (e instanceof PlatformRejectedException) {
            return "the " + e.getMessage();
        }
        if (e instanceof StoreUnavailableException) {
            return "the database failed (" + e.getMessage() + ")";
        }
        if (e instanceof FlowNotConfiguredException) {
            return e.getMessage();
        }
        if (e instanceof StaleSubmissionException) {
            return "it changed meanwhile (another instance is working on it), run reconcile again";
        }
        return "an unexpected error (" + e.getClass().getSimpleName() + ")";
    }
}
