package dev.onekycbridge.sandbox.processing;

import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.model.Check;
import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.Result;
import dev.onekycbridge.sandbox.model.SubmissionStatus;
import dev.onekycbridge.sandbox.model.VerificationResult;
import java.util.ArrayList;
import java.util.List;

/** What each scenario plays out, per flow: the README's table of test values is this class in prose. */
public final class OutcomePlan {

    /** How a scenario ends, before it is shaped for a flow. */
    private enum Ending { VALID, INVALID, REJECTED, ERROR, PARTIAL_ONLY }

    private OutcomePlan() {
    }

    /** The stages after IN_PROGRESS, in order. Empty means the submission stays IN_PROGRESS. */
    public static List<Stage> stages(Flow flow, Scenario scenario) {
        boolean callback = scenario != Scenario.NO_CALLBACK;
        String reason = reasonCode(scenario);
        boolean coe = flow == Flow.KTP_SCAN;
        List<Stage> stages = new ArrayList<>();
        // COE knows COMPLETED and ERROR only: no PARTIALLY_COMPLETED, so a partial-only run never ends there.
        if (!coe && partialFirst(scenario)) {
            stages.add(new Stage(SubmissionStatus.PARTIALLY_COMPLETED, Result.VALID, null, callback));
        }
        switch (ending(scenario)) {
            case VALID -> stages.add(new Stage(SubmissionStatus.COMPLETED, Result.VALID, null, callback));
            case PARTIAL_ONLY -> { }
            case INVALID -> stages.add(new Stage(SubmissionStatus.COMPLETED, Result.INVALID, reason, callback));
            // COE's result enum has no REJECTED: it reports the same rejection as INVALID.
            case REJECTED -> stages.add(new Stage(SubmissionStatus.COMPLETED,
                    coe ? Result.INVALID : Result.REJECTED, reason, callback));
            case ERROR -> stages.add(new Stage(SubmissionStatus.ERROR, null, reason, callback));
        }
        return List.copyOf(stages);
    }

    /**
     * Whether identity verification passes first (PARTIALLY_COMPLETED + VALID) before the end: always for a
     * passing run, and for the two that fail afterwards, which onekyc-api.md §4.1 allows (the e-certificate step
     * can still reject or fail).
     */
    private static boolean partialFirst(Scenario scenario) {
        return switch (scenario) {
            case VALID, NO_CALLBACK, PARTIAL_ONLY, PARTIAL_THEN_INVALID, PARTIAL_THEN_ERROR -> true;
            default -> false;
        };
    }

    /** The reasonCode the scenario reports, or null for a passing one. */
    public static String reasonCode(Scenario scenario) {
        return switch (scenario) {
            case VALID, PARTIAL_ONLY, NO_CALLBACK -> null;
            // Found when the e-certificate is registered, after the identity itself was verified.
            case PARTIAL_THEN_INVALID -> "EMAIL_HAS_BEEN_USED";
            case PARTIAL_THEN_ERROR -> "SYSTEM_ERROR";
            case DUKCAPIL_REJECTED, DUKCAPIL_REJECTED_NIK, DUKCAPIL_REJECTED_NAME, DUKCAPIL_REJECTED_DOB ->
                    "DUKCAPIL_REJECTED";
            case REJECTED -> "NOT_EKTP";
            case UNKNOWN_REASON -> "SOME_FUTURE_REASON";
            default -> scenario.name();
        };
    }

    /** Whether the scenario ends in a technical error (status ERROR). */
    public static boolean endsInError(Scenario scenario) {
        return ending(scenario) == Ending.ERROR;
    }

    /** Per-field verification; the failing field of a rejection is the scenario's point. */
    public static VerificationResult verification(Scenario scenario) {
        Check pass = Check.PASS;
        Check fail = Check.FAIL;
        return switch (scenario) {
            case DUKCAPIL_REJECTED, DUKCAPIL_REJECTED_NAME -> new VerificationResult(pass, fail, pass, pass);
            case DUKCAPIL_REJECTED_NIK -> new VerificationResult(fail, pass, pass, pass);
            case DUKCAPIL_REJECTED_DOB -> new VerificationResult(pass, pass, fail, pass);
            case LIVENESS_CHECK_FAILED -> new VerificationResult(pass, pass, pass, fail);
            default -> VerificationResult.allPass();
        };
    }

    private static Ending ending(Scenario scenario) {
        return switch (scenario) {
            case VALID, NO_CALLBACK -> Ending.VALID;
            case PARTIAL_ONLY -> Ending.PARTIAL_ONLY;
            case REJECTED -> Ending.REJECTED;
            case DUKCAPIL_IRRETRIEVABLE_ERROR, DUKCAPIL_SYSTEM_ERROR, SYSTEM_ERROR, PARTIAL_THEN_ERROR -> Ending.ERROR;
            case DUKCAPIL_REJECTED, DUKCAPIL_REJECTED_NIK, DUKCAPIL_REJECTED_NAME, DUKCAPIL_REJECTED_DOB,
                    EMAIL_HAS_BEEN_USED, PHONE_HAS_BEEN_USED, NOT_EKTP, FRAUD_REJECT, LIVENESS_CHECK_FAILED,
                    AETHER_VERIFICATION_FAILED, UNKNOWN_REASON, PARTIAL_THEN_INVALID -> Ending.INVALID;
        };
    }
}
