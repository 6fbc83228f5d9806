package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.core.document.Document;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.port.in.StartCertificateRegistrationUseCase;
import dev.onekycbridge.core.port.in.StartedSubmission;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UploadOutcome;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stateless relay's use case: a certificate registration is checked by the core's own validator (the confirm
 * needs the validated details, an upload the image's type and size), answered as the service answers it (a new
 * submission, CREATED), and handed to a fixed pool of forwarders. Nothing is stored: the submission lives in
 * memory until its confirm. A forwarder makes the driver's platform calls with the app's {@link OneKycClient}:
 * upload URLs, the two uploads streamed from the request's files, the confirm; then reports the registration
 * confirmed or failed.
 *
 * <p>No idempotency and no conflict check: both need a store.
 */
final class RelayRegistrations implements StartCertificateRegistrationUseCase, AutoCloseable {
    private final RequestValidator validator;
    private final OneKycClient platform;
    private final Confirmations confirmations;
    private final Clock clock;
    private final ExecutorService forwarders;

    RelayRegistrations(OneKycClient platform, Confirmations confirmations, int forwarderThreads) {
        this.clock = Clock.systemUTC();
        this.validator = new RequestValidator(clock,
                new DocumentInspector(WorkflowSettings.DEFAULT.documentLimits()));
        this.platform = platform;
        this.confirmations = confirmations;
        this.forwarders = Executors.newFixedThreadPool(forwarderThreads, named("relay-forwarder-"));
    }

    @Override
    public StartedSubmission startCertificateRegistration(StartCertificateRegistration command) {
        RequestValidator.ValidCertificateRegistration valid = validator.certificateRegistration(command);
        Submission submission = Submission.create(SubmissionId.random(), valid.partnerUser(), valid.input(),
                valid.documents(), command.idempotencyKey(), null, clock.instant());
        Map<DocumentKind, PinnedImage> images = new EnumMap<>(DocumentKind.class);
        try {
            images.put(DocumentKind.KTP, PinnedImage.pin(command.ktp()));
            images.put(DocumentKind.SELFIE, PinnedImage.pin(command.selfie()));
        } catch (IOException e) {
            release(images);
            throw new UncheckedIOException("could not open an uploaded image", e);
        }
        forwarders.execute(() -> forward(submission, images));
        return new StartedSubmission(submission, false);
    }

    /** The driver's steps, back to back, without saving anything in between. */
    private void forward(Submission created, Map<DocumentKind, PinnedImage> images) {
        String id = created.id().toString();
        try {
            UploadUrls urls = platform.requestUploadUrls(SubmissionRef.of(created));
            Submission initiated = created.initiate(urls.platformSubmissionId(), urls.targets(), clock.instant());
            for (Document document : initiated.documents().values().stream()
                    .sorted(Comparator.comparing(Document::kind)).toList()) {
                UploadOutcome outcome = platform.upload(document.uploadUrl(), document.facts(),
                        images.get(document.kind()));
                if (outcome != UploadOutcome.UPLOADED) {
                    throw new IllegalStateException(document.kind() + " upload: " + outcome);
                }
            }
            platform.confirm(SubmissionRef.of(initiated), initiated.input().orElseThrow());
            confirmations.confirmed(id);
        } catch (RuntimeException e) {
            confirmations.failed(id);
            System.err.println("relayed registration " + id + " failed: " + e);
        } finally {
            release(images);
        }
    }

    private static void release(Map<DocumentKind, PinnedImage> images) {
        for (PinnedImage image : images.values()) {
            try {
                image.close();
            } catch (IOException e) {
                // the file is gone either way
            }
        }
    }

    /** Lets the forwarders finish what they were handed. */
    @Override
    public void close() throws InterruptedException {
        forwarders.shutdown();
        forwarders.awaitTermination(1, TimeUnit.MINUTES);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
