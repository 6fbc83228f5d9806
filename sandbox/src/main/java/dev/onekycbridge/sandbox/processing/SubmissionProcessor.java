package dev.onekycbridge.sandbox.processing;

import dev.onekycbridge.sandbox.callback.CallbackDispatcher;
import dev.onekycbridge.sandbox.callback.CallbackMessage;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Result;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.model.SubmissionStatus;
import dev.onekycbridge.sandbox.model.Verdict;
import dev.onekycbridge.sandbox.objects.ImageFormat;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Moves confirmed submissions through their scenario on Vert.x timers: IN_PROGRESS, then after the processing
 * delay the first stage, then after the completion delay the next one, calling back where the stage says so.
 * Also plays the SIV user's SDK journey.
 */
public final class SubmissionProcessor {

    private static final Logger LOG = System.getLogger(SubmissionProcessor.class.getName());

    /** A 1x1 PNG: what the simulated SDK "captured", so SIV image URLs return an image. */
    private static final byte[] PLACEHOLDER_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private final Vertx vertx;
    private final SandboxState state;
    private final CallbackDispatcher callbacks;
    private final Function<Submission, CallbackMessage> render;

    public SubmissionProcessor(Vertx vertx, SandboxState state, CallbackDispatcher callbacks,
            Function<Submission, CallbackMessage> render) {
        this.vertx = vertx;
        this.state = state;
        this.callbacks = callbacks;
        this.render = render;
    }

    /** The submission is IN_PROGRESS: schedule its first stage. */
    public void startProcessing(String submissionId) {
        Optional<Submission> submission = state.submissions().find(submissionId);
        if (submission.isEmpty()) {
            return;
        }
        List<Stage> stages = OutcomePlan.stages(submission.get().flow(), submission.get().scenario());
        if (!stages.isEmpty()) {
            later(state.config().processingDelayMillis(), state.epoch(), () -> reach(submissionId, stages, 0));
        }
    }

    /** With auto-complete on, the SIV user finishes the SDK journey after the processing delay. */
    public void scheduleJourney(String submissionId) {
        later(state.config().processingDelayMillis(), state.epoch(), () -> completeJourney(submissionId));
    }

    /** Finishes the SIV journey now; false if there is none running. */
    public boolean completeJourney(String submissionId) {
        Instant now = state.now();
        boolean completed = state.submissions().atomically(() -> {
            Optional<Submission> current = state.submissions().find(submissionId);
            if (current.isEmpty() || current.get().journey() == null || current.get().journey().isCompleted()) {
                return false;
            }
            state.submissions().update(submissionId, s -> s.journeyCompleted(now));
            return true;
        });
        if (completed) {
            for (DocumentType type : DocumentType.values()) {
                state.objects().put(submissionId, type, PLACEHOLDER_PNG, ImageFormat.PNG, "image/png", now);
            }
            LOG.log(Level.DEBUG, "SIV journey of {0} completed", submissionId);
            startProcessing(submissionId);
        }
        return completed;
    }

    private void reach(String submissionId, List<Stage> stages, int index) {
        Stage stage = stages.get(index);
        boolean validEnd = stage.status() == SubmissionStatus.COMPLETED && stage.result() == Result.VALID;
        Verdict verdict = new Verdict(stage.result(), stage.reasonCode(), state.now(),
                validEnd ? UUID.randomUUID().toString() : null);
        Optional<Submission> updated =
                state.submissions().update(submissionId, s -> s.reached(stage.status(), verdict));
        if (updated.isEmpty()) {
            return;
        }
        LOG.log(Level.DEBUG, "submission {0} reached {1}", submissionId, stage.status());
        // The next stage first: whatever befalls this stage's callback must not stop the submission here.
        if (index + 1 < stages.size()) {
            later(state.config().completionDelayMillis(), state.epoch(), () -> reach(submissionId, stages, index + 1));
        }
        Submission submission = updated.get();
        CallbackMessage message = render.apply(submission);
        if (stage.callback()) {
            callbacks.automatic(submissionId, submission.flow().channel(), message);
        } else {
            callbacks.suppressed(submissionId, submission.flow().channel(), message);
        }
    }

    /** Runs {@code step} after a delay unless the sandbox was reset meanwhile. */
    private void later(long delayMillis, long epoch, Runnable step) {
        vertx.setTimer(Math.max(1, delayMillis), id -> {
            if (epoch == state.epoch()) {
                step.run();
            }
        });
    }
}
