package dev.onekycbridge.core.testing;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.DocumentUploader;
import dev.onekycbridge.core.port.out.OneKycPlatform;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UnreadableDocumentException;
import dev.onekycbridge.core.port.out.UploadOutcome;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The platform and its storage in memory, for tests of the core's workflow: it keeps its own submissions,
 * counts calls, and fails or "crashes" at chosen calls. Thread-safe.
 */
public final class FakeOneKycPlatform implements OneKycPlatform, DocumentUploader {
    /** The calls the fake answers. */
    public enum Call {
        REQUEST_UPLOAD_URLS, UPLOAD, CONFIRM, FETCH_RESULT, INITIATE_VERIFICATION
    }

    /** What the platform holds for one of its submissions. */
    public static final class Held {
        public final String id;
        public final FlowType flow;
        public final PartnerUser user;
        public final Map<DocumentKind, URI> urls = new EnumMap<>(DocumentKind.class);
        public final Map<DocumentKind, byte[]> uploads = new EnumMap<>(DocumentKind.class);
        public String confirmSessionId;
        public int confirms;
        public Outcome outcome;

        Held(String id, FlowType flow, PartnerUser user) {
            this.id = id;
            this.flow = flow;
            this.user = user;
        }
    }

    private static final class Fault {
        private final Call call;
        private final boolean afterCall;
        private final Supplier<? extends Throwable> failure;
        /** Calls of this kind that go through before this fault strikes. */
        private int letThrough;

        Fault(Call call, boolean afterCall, Supplier<? extends Throwable> failure) {
            this(call, afterCall, failure, 0);
        }

        Fault(Call call, boolean afterCall, Supplier<? extends Throwable> failure, int letThrough) {
            this.call = call;
            this.afterCall = afterCall;
            this.failure = failure;
            this.letThrough = letThrough;
        }

        Call call() {
            return call;
        }

        boolean afterCall() {
            return afterCall;
        }

        Supplier<? extends Throwable> failure() {
            return failure;
        }
    }

    private final Clock clock;
    private final Duration urlLifetime;
    private final Map<String, Held> submissions = new LinkedHashMap<>();
    private final Map<URI, Instant> urlExpiry = new HashMap<>();
    private final Map<Call, Integer> calls = new EnumMap<>(Call.class);
    private final Deque<Fault> faults = new ArrayDeque<>();
    /** What happens elsewhere while the next call of a kind is on its way, run before it is carried out. */
    private final Map<Call, Runnable> meanwhile = new EnumMap<>(Call.class);
    /** The report every status read is answered with, whatever it asks about; null: what the platform holds. */
    private PlatformReport statusReadsAnswer;

    public FakeOneKycPlatform(Clock clock) {
        this(clock, Duration.ofDays(5));
    }

    public FakeOneKycPlatform(Clock clock, Duration urlLifetime) {
        this.clock = clock;
        this.urlLifetime = urlLifetime;
    }

    // ---- test controls ----

    /** The next call of this kind throws the failure instead of being carried out. */
    public synchronized void failNext(Call call, Supplier<? extends RuntimeException> failure) {
        faults.add(new Fault(call, false, failure));
    }

    /** Lets {@code letThrough} calls of this kind through, then the one after them throws the failure. */
    public synchronized void failAfter(Call call, int letThrough, Supplier<? extends RuntimeException> failure) {
        faults.add(new Fault(call, false, failure, letThrough));
    }

    /** The next call of this kind is carried out, and then the process "dies" before the caller sees the answer. */
    public synchronized void crashAfterNext(Call call) {
        faults.add(new Fault(call, true, () -> new SimulatedCrash("after " + call)));
    }

    /** The next call of this kind "dies" before reaching the platform. */
    public synchronized void crashBeforeNext(Call call) {
        faults.add(new Fault(call, false, () -> new SimulatedCrash("before " + call)));
    }

    /** The platform decides: from now on it reports this outcome for its submission. */
    public synchronized void report(String platformSubmissionId, Outcome outcome) {
        held(platformSubmissionId).outcome = outcome;
    }

    /**
     * Runs {@code action} when the next call of this kind arrives, before it is carried out and answered: what
     * happens elsewhere (a callback applied, a save) while the call is on its way.
     */
    public synchronized void meanwhileNext(Call call, Runnable action) {
        meanwhile.put(call, action);
    }

    /**
     * From now on every status read is answered with this report, whatever it asks about: details looked up by
     * partner user may describe another submission than the one asked about, and lack fields.
     */
    public synchronized void answerStatusReadsWith(PlatformReport report) {
        statusReadsAnswer = report;
    }

    public synchronized int calls(Call call) {
        return calls.getOrDefault(call, 0);
    }

    public synchronized List<Held> submissions() {
        return List.copyOf(submissions.values());
    }

    public synchronized List<Held> submissionsOf(PartnerUser user) {
        return submissions.values().stream().filter(s -> s.user.equals(user)).toList();
    }

    public synchronized Held held(String platformSubmissionId) {
        Held held = submissions.get(platformSubmissionId);
        if (held == null) {
            throw new IllegalArgumentException("the platform has no submission " + platformSubmissionId);
        }
        return held;
    }

    // ---- the platform ----

    @Override
    public synchronized UploadUrls requestUploadUrls(SubmissionRef ref) {
        return call(Call.REQUEST_UPLOAD_URLS, () -> {
            Held held = new Held(UUID.randomUUID().toString(), ref.flow(), ref.partnerUser());
            Instant expiresAt = clock.instant().plus(urlLifetime);
            List<UploadTarget> targets = new ArrayList<>();
            Set<DocumentKind> kinds = ref.flow() == FlowType.CERT_REG
                    ? EnumSet.of(DocumentKind.KTP, DocumentKind.SELFIE) : EnumSet.of(DocumentKind.KTP);
            for (DocumentKind kind : kinds) {
                URI url = URI.create("https://storage.fake/" + held.id + "/" + kind + "?signature=" + UUID.randomUUID());
                held.urls.put(kind, url);
                urlExpiry.put(url, expiresAt);
                targets.add(new UploadTarget(kind, held.id + "_" + kind, url, expiresAt));
            }
            held.outcome = Outcome.ofStatus(PlatformStatus.INITIATED);
            submissions.put(held.id, held);
            return new UploadUrls(held.id, targets);
        });
    }

    @Override
    public synchronized UploadOutcome upload(URI presignedUrl, DocumentFacts facts, DocumentSource source) {
        return call(Call.UPLOAD, () -> {
            Instant expiry = urlExpiry.get(presignedUrl);
            if (expiry == null || !clock.instant().isBefore(expiry)) {
                return UploadOutcome.URL_EXPIRED;
            }
            for (Held held : submissions.values()) {
                for (var entry : held.urls.entrySet()) {
                    if (entry.getValue().equals(presignedUrl)) {
                        try (InputStream in = source.open()) {
                            held.uploads.put(entry.getKey(), in.readAllBytes());
                        } catch (IOException e) {
                            throw new UnreadableDocumentException("upload could not read the document", e);
                        }
                    }
                }
            }
            return UploadOutcome.UPLOADED;
        });
    }

    @Override
    public synchronized void confirm(SubmissionRef ref, SubmissionInput input) {
        call(Call.CONFIRM, () -> {
            Held held = submissions.get(ref.platformSubmissionId());
            if (held == null || !held.user.equals(ref.partnerUser())) {
                throw rejected(400, "1653", "SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER");
            }
            if (!held.uploads.keySet().equals(held.urls.keySet())) {
                throw rejected(422, "422", "INVALID_UPLOAD_ARTIFACT");
            }
            if (held.confirmSessionId != null) {
                if (held.confirmSessionId.equals(ref.partnerSessionId())) {
                    return null;
                }
                throw rejected(409, "409", "SUBMISSION_STATE_CONFLICT");
            }
            held.confirmSessionId = ref.partnerSessionId();
            held.confirms++;
            held.outcome = Outcome.ofStatus(PlatformStatus.IN_PROGRESS);
            return null;
        });
    }

    @Override
    public synchronized Optional<PlatformReport> fetchResult(SubmissionRef ref) {
        return call(Call.FETCH_RESULT, () -> {
            if (statusReadsAnswer != null) {
                return Optional.of(statusReadsAnswer);
            }
            Optional<Held> held = ref.flow() == FlowType.KTP_SCAN
                    ? Optional.ofNullable(submissions.get(ref.platformSubmissionId()))
                    : submissions.values().stream()
                            .filter(s -> s.user.equals(ref.partnerUser()) && s.flow == ref.flow())
                            .reduce((first, second) -> second);
            return held.filter(s -> s.outcome != null).map(s -> new PlatformReport(s.id, s.flow.name(),
                    s.user.userId(), s.user.userIdType(), s.confirmSessionId, s.outcome));
        });
    }

    @Override
    public synchronized VerificationLaunch initiateVerification(SubmissionRef ref, IdentityVerificationInput input) {
        return call(Call.INITIATE_VERIFICATION, () -> {
            Held held = new Held(UUID.randomUUID().toString(), FlowType.SIV, ref.partnerUser());
            held.confirmSessionId = ref.partnerSessionId();
            submissions.put(held.id, held);
            return new VerificationLaunch("sdk-token-" + held.id, null, clock.instant().plus(Duration.ofDays(60)));
        });
    }

    /** The platform's id of a submission of ours, once it has one. */
    public static String platformIdOf(Submission submission) {
        return submission.platformSubmissionId().orElseThrow();
    }

    private <T> T call(Call call, Supplier<T> action) {
        calls.merge(call, 1, Integer::sum);
        Runnable elsewhere = meanwhile.remove(call);
        if (elsewhere != null) {
            elsewhere.run();
        }
        Fault fault = nextFault(call);
        if (fault != null && !fault.afterCall()) {
            throwUnchecked(fault.failure().get());
        }
        T result = action.get();
        if (fault != null) {
            throwUnchecked(fault.failure().get());
        }
        return result;
    }

    private Fault nextFault(Call call) {
        for (var iterator = faults.iterator(); iterator.hasNext(); ) {
            Fault fault = iterator.next();
            if (fault.call() == call) {
                if (fault.letThrough > 0) {
                    fault.letThrough--;
                    return null;
                }
                iterator.remove();
                return fault;
            }
        }
        return null;
    }

    private static void throwUnchecked(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) failure;
    }

    private static PlatformRejectedException rejected(int status, String code, String cause) {
        return new PlatformRejectedException(status, List.of(new PlatformError(code, cause, null)));
    }
}
