package dev.onekycbridge.adapter.onekyc;

import com.squareup.moshi.Moshi;
import dev.onekycbridge.adapter.onekyc.ClientMetrics.TokenKind;
import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.out.DocumentUploader;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.port.out.OneKycPlatform;
import dev.onekycbridge.core.port.out.PlatformAuthenticationException;
import dev.onekycbridge.core.port.out.PlatformError;
import dev.onekycbridge.core.port.out.PlatformException;
import dev.onekycbridge.core.port.out.PlatformRejectedException;
import dev.onekycbridge.core.port.out.PlatformUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UnreadableDocumentException;
import dev.onekycbridge.core.port.out.UploadOutcome;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.CertificateRegistrationInput;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.KtpScanInput;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.PlatformStatus;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.UploadTarget;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import okhttp3.Authenticator;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The OneKYC platform, behind the core's ports: the business calls of all three flows ({@link OneKycPlatform}),
 * uploads to presigned URLs ({@link DocumentUploader}) and the reading of result messages
 * ({@link MessageDecoder}). Thread-safe; create one per configuration and share it.
 *
 * <p>Flows map to the platform as follows (onekyc-api.md):
 * <ul>
 *   <li>CERT_REG: Esign presigned URLs, confirm upload and Get Submission Details, with the Esign partner token.
 *   <li>SIV: Esign initiate flow ({@code STANDALONE_IDENTITY_VERIFICATION}) and Esign Get Submission Details.
 *   <li>KTP_SCAN: COE presigned URL, confirm and status with a COE user token per partner user (the submission's
 *       {@code partnerSessionId} is the SDK session id); the result from COE Get Submission Details with the
 *       COE partner token.
 * </ul>
 *
 * <p>Tokens are cached per kind (and per partner user for COE user tokens), refreshed by one caller at a time, and
 * replaced once when a call answers 401 (or, with the COE user token, 403 of code 110). Transient failures are retried
 * by the configured {@link RetryPolicy}. Calls that start processing (confirm, initiate flow) send the submission's
 * {@code partnerSessionId} on every attempt, so that a retry is the same call to the platform; every other call gets a
 * fresh session id, kept across its own retries. A call that creates or starts something (upload URLs, confirm,
 * initiate flow) takes a refusal of a retry after a lost answer as transient: see {@link #act}. No Retrofit, OkHttp or
 * Moshi type leaves this class.
 */
public final class OneKycClient implements OneKycPlatform, DocumentUploader, MessageDecoder, AutoCloseable {
    /** Upload URLs living longer than a year are not believed: such an expiry is treated as unknown. */
    private static final long MAX_URL_LIFETIME_SECONDS = 366L * 24 * 3600;
    /** The cause of an upload the object storage refused, with the storage's own code as the error's code. */
    private static final String STORAGE_REFUSED = "STORAGE_REFUSED";
    /** How far a token's expires_at and expiry_seconds may differ and still be read as one expiry: see tokenExpiry. */
    private static final Duration EXPIRY_AGREEMENT = Duration.ofSeconds(60);

    private static final Set<PlatformStatus> STATUS_WITHOUT_RESULT =
            Set.of(PlatformStatus.INITIATED, PlatformStatus.IN_PROGRESS);
    /**
     * Statuses whose meaning is in the details: PARTIALLY_COMPLETED and COMPLETED always come with VALID or INVALID
     * (onekyc-api.md §4.1), ERROR with the reason code that tells "ask the user to retry" from a system error.
     * Without their details they are not news.
     */
    private static final Set<PlatformStatus> STATUS_NEEDING_DETAILS =
            Set.of(PlatformStatus.PARTIALLY_COMPLETED, PlatformStatus.COMPLETED, PlatformStatus.ERROR);

    private record TokenKey(TokenKind kind, String onboardingPartner, String userId, String userIdType) {
    }

    private static final TokenKey ESIGN_PARTNER = new TokenKey(TokenKind.ESIGN_PARTNER, null, null, null);
    private static final TokenKey COE_PARTNER = new TokenKey(TokenKind.COE_PARTNER, null, null, null);

    private final OneKycClientConfig config;
    private final Clock clock;
    private final ClientMetrics metrics;
    private final OkHttpClient apiClient;
    private final OkHttpClient uploadClient;
    private final boolean ownsHttpClient;
    private final TokenApi esignTokenApi;
    private final TokenApi coeTokenApi;
    private final GatewayApi gateway;
    private final CallRunner runner;
    private final CallsInFlight inFlight = new CallsInFlight();
    private final TokenCache<TokenKey> tokens;

    private OneKycClient(OneKycClientConfig config, DoubleSupplier random) {
        if (!config.hasCredentials()) {
            throw new IllegalArgumentException(
                    "the configuration has no credentials: use OneKycClientConfig.withCredentials(clientId, passKey)");
        }
        this.config = config;
        this.clock = config.clock();
        this.metrics = config.metrics();
        this.ownsHttpClient = config.okHttpClient() == null;

        OkHttpClient base = ownsHttpClient ? new OkHttpClient() : config.okHttpClient();
        OkHttpClient.Builder builder = base.newBuilder()
                // A supplied client brings its transport only (see OneKycClientConfig#withOkHttpClient). Its
                // authenticator would answer a 401 with another service's credentials, sent to OneKYC, in a resend
                // the call runner neither sees nor counts; its application interceptors would run outside the body
                // limit and see the pass-key, tokens and the applicant's details; its event listener sees every
                // request's headers, its cookie jar and cache would keep what the platform answers.
                .authenticator(Authenticator.NONE)
                .cookieJar(CookieJar.NO_COOKIES)
                .eventListener(EventListener.NONE)
                .cache(null)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .callTimeout(config.callTimeout())
                // Every attempt is the call runner's to make and to count; a redirect is not followed either:
                // the headers carry the pass-key and tokens, and a PUT redirected becomes a GET without its body.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(new NoHiddenResend());
        builder.interceptors().clear();
        // Outermost, so that it bounds the body whatever the interceptors inside it hand on.
        builder.addInterceptor(new BodySizeLimit());
        config.interceptors().forEach(builder::addInterceptor);
        builder.addInterceptor(new RedactingLoggingInterceptor());
        this.apiClient = builder.build();
        this.uploadClient = apiClient.newBuilder()
                .readTimeout(config.uploadTimeout())
                .writeTimeout(config.uploadTimeout())
                .callTimeout(config.uploadCallTimeout())
                .build();

        MoshiConverterFactory json = MoshiConverterFactory.create(new Moshi.Builder().build());
        this.esignTokenApi = retrofit(config.esignTokenBaseUrl(), json).create(TokenApi.class);
        this.coeTokenApi = retrofit(config.coeTokenBaseUrl(), json).create(TokenApi.class);
        this.gateway = retrofit(config.gatewayBaseUrl(), json).create(GatewayApi.class);
        this.runner = new CallRunner(config.retryPolicy(), config.sleeper(), clock, metrics, random, inFlight::closed);
        this.tokens = new TokenCache<>(clock, config.tokenRefreshMargin());
    }

    /** A client for this configuration, which must carry credentials. */
    public static OneKycClient create(OneKycClientConfig config) {
        if (config == null) {
            throw new NullPointerException("config == null");
        }
        return new OneKycClient(config, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: a fixed source of jitter. */
    static OneKycClient create(OneKycClientConfig config, DoubleSupplier random) {
        return new OneKycClient(config, random);
    }

    /** A decoder of result messages alone, for code that reads callbacks without calling the platform. */
    public static MessageDecoder messageDecoder() {
        return OneKycClient::decodeMessage;
    }

    public OneKycClientConfig config() {
        return config;
    }

    private Retrofit retrofit(String baseUrl, MoshiConverterFactory json) {
        return new Retrofit.Builder()
                .baseUrl(baseUrl)
                .callFactory(inFlight.through(apiClient))
                .addConverterFactory(json)
                .build();
    }

    // ---- OneKycPlatform ----

    /**
     * Creates a submission at the platform, under a session id of this call's own, kept across its retries. Its
     * retries go through {@link #act}: an attempt whose answer was lost may have created a submission, and the
     * refusal of the repeat (a duplicate session id, or the quota that attempt used up) is then no refusal of
     * this submission. The driver asks again later, under a new session id.
     */
    @Override
    public UploadUrls requestUploadUrls(SubmissionRef ref) {
        PartnerUser user = ref.partnerUser();
        String sessionId = newSessionId();
        return switch (ref.flow()) {
            case CERT_REG -> {
                String partner = onboardingPartner(FlowType.CERT_REG);
                String name = "esign.uploadUrls";
                HttpResult result = act(name, esignPartnerToken(), token -> HttpResult.of(
                        gateway.esignUploadUrls(Wire.SUBMISSION_TYPE_CERT_REG, token, partner, user.userId(),
                                user.userIdType(), sessionId).execute()));
                yield uploadUrls(name, result, FlowType.CERT_REG);
            }
            case KTP_SCAN -> {
                String name = "coe.uploadUrls";
                HttpResult result = act(name, coeUserToken(user), token -> HttpResult.of(
                        gateway.coeUploadUrls(Wire.SUBMISSION_TYPE_KTP_SCAN, token, ref.partnerSessionId(),
                                sessionId).execute()));
                yield uploadUrls(name, result, FlowType.KTP_SCAN);
            }
            case SIV -> throw new IllegalArgumentException("an identity verification has no documents to upload");
        };
    }

    @Override
    public void confirm(SubmissionRef ref, SubmissionInput input) {
        if (input == null) {
            throw new NullPointerException("input == null");
        }
        if (input.flow() != ref.flow()) {
            throw new IllegalArgumentException("the input is for " + input.flow() + ", the submission " + ref.flow());
        }
        if (input instanceof IdentityVerificationInput) {
            throw new IllegalArgumentException("an identity verification is not confirmed; it is initiated");
        }
        String submissionId = requireSubmissionId(ref);
        PartnerUser user = ref.partnerUser();
        String sessionId = ref.partnerSessionId();
        if (input instanceof CertificateRegistrationInput registration) {
            String partner = onboardingPartner(FlowType.CERT_REG);
            WireRequests.EsignConfirm body =
                    WireRequests.esignConfirm(submissionId, registration, config.consentTimestampUnit());
            HttpResult result = act("esign.confirm", esignPartnerToken(), token -> HttpResult.of(
                    gateway.esignConfirm(token, partner, user.userId(), user.userIdType(), sessionId, body)
                            .execute()));
            requireConfirmation("esign.confirm", result, submissionId);
        } else if (input instanceof KtpScanInput) {
            WireRequests.CoeConfirm body = WireRequests.coeConfirm(submissionId);
            HttpResult result = act("coe.confirm", coeUserToken(user), token -> HttpResult.of(
                    gateway.coeConfirm(token, sessionId, sessionId, body).execute()));
            requireConfirmation("coe.confirm", result, submissionId);
        }
    }

    /**
     * A confirm counts only when its answer is the platform's confirmation of this submission: a 2xx that is
     * not (a proxy's page, an empty body, {@code success: false}, another submission's id) may mean the confirm
     * never reached the platform. That is transient: the driver asks the platform first before confirming again.
     */
    private static void requireConfirmation(String name, HttpResult result, String submissionId) {
        String confirmed = JsonTree.nonBlank(data(name, result), "submissionId");
        if (confirmed != null && !confirmed.equals(submissionId)) {
            throw unreadable(name, result, "confirmation of this submission");
        }
    }

    @Override
    public Optional<PlatformReport> fetchResult(SubmissionRef ref) {
        return switch (ref.flow()) {
            case CERT_REG, SIV -> esignResult(ref);
            case KTP_SCAN -> coeResult(ref);
        };
    }

    @Override
    public VerificationLaunch initiateVerification(SubmissionRef ref, IdentityVerificationInput input) {
        if (input == null) {
            throw new NullPointerException("input == null");
        }
        if (ref.flow() != FlowType.SIV) {
            throw new IllegalArgumentException("only an identity verification is initiated, not " + ref.flow());
        }
        String partner = onboardingPartner(FlowType.SIV);
        PartnerUser user = ref.partnerUser();
        WireRequests.InitiateFlow body = WireRequests.initiateFlow(input);
        String name = "esign.initiateFlow";
        HttpResult result = act(name, esignPartnerToken(), token -> HttpResult.of(gateway.initiateFlow(token,
                partner, partner, user.userId(), user.userIdType(), ref.partnerSessionId(), body).execute()));

        Map<String, Object> data = data(name, result);
        String sdkToken = JsonTree.nonBlank(data, "token");
        String launchText = JsonTree.nonBlank(data, "launchUrl");
        URI launchUrl = null;
        if (launchText != null) {
            launchUrl = uri(launchText);
            if (launchUrl == null) {
                throw unreadable(name, result, "launch URL");
            }
        }
        if (sdkToken == null && launchUrl == null) {
            throw unreadable(name, result, "SDK token or launch URL");
        }
        return new VerificationLaunch(sdkToken, launchUrl, expiry(data, "expiresAt", "expirySeconds"));
    }

    /**
     * Runs a call that acts (upload URLs, confirm, initiate flow), sent again as it was on a retry. Once an attempt
     * of it may have reached the platform with its answer lost (it failed without one, or with a 5xx), a refusal of
     * the repeat may be the platform's answer to a duplicate (DUPLICATE_PARTNER_SESSION_ID, a state conflict, a
     * quota the lost attempt used up), not to the request: it is reported as transient. The caller comes back
     * later, asks the platform first (confirm), renews the session (initiate flow) or asks under a new session id
     * (upload URLs), and a refusal of that first attempt is the platform's word.
     */
    private HttpResult act(String name, CallRunner.TokenSource tokens, CallRunner.Exchange exchange) {
        AtomicBoolean mayHaveArrived = new AtomicBoolean();
        try {
            return runner.call(name, tokens, token -> {
                HttpResult result;
                try {
                    result = exchange.execute(token);
                } catch (IOException e) {
                    mayHaveArrived.set(true);
                    throw e;
                }
                if (result.status() >= 500) {
                    mayHaveArrived.set(true);
                }
                return result;
            });
        } catch (PlatformRejectedException e) {
            if (mayHaveArrived.get()) {
                throw new PlatformUnavailableException(name + " was refused when repeated after an attempt whose"
                        + " answer was lost: " + e.getMessage(), e.httpStatus(), null, e);
            }
            throw e;
        }
    }

    // ---- DocumentUploader ----

    @Override
    public UploadOutcome upload(URI presignedUrl, DocumentFacts facts, DocumentSource source) {
        if (presignedUrl == null || facts == null || source == null) {
            throw new NullPointerException("presignedUrl, facts and source are required");
        }
        HttpUrl url = HttpUrl.parse(presignedUrl.toString());
        if (url == null) {
            throw new IllegalArgumentException("the presigned URL is not an http or https URL");
        }
        MediaType contentType = MediaType.get(facts.type().mediaType());
        HttpResult result = runner.exchange("storage.upload", null, ignored -> {
            Request request = new Request.Builder()
                    .url(url)
                    .put(new DocumentRequestBody(contentType, facts.sizeBytes(), source))
                    .build();
            try (Response response = inFlight.through(uploadClient).newCall(request).execute()) {
                return HttpResult.of(response);
            } catch (DocumentRequestBody.UnreadableSourceException e) {
                // Not the network's failure: sending it again would read the same bytes.
                throw new UnreadableDocumentException("storage.upload: " + e.getMessage(), e);
            }
        });
        if (result.isSuccessful()) {
            return UploadOutcome.UPLOADED;
        }
        List<PlatformError> errors = ErrorEnvelope.parse(result.body());
        Optional<String> storageCode = StorageError.code(result.body());
        if (errors.isEmpty() && storageCode.isEmpty()) {
            // The storage answers every refusal with its error document (a gateway in its place, with the
            // platform's envelope). A refusal with neither comes from what stands in between (a proxy asking for
            // credentials, a firewall's page): taken as the storage's, it would end every submission uploading
            // while it lasts, and delete their images.
            throw new PlatformUnavailableException("storage.upload answered HTTP " + result.status() + " without"
                    + " the storage's error document: a proxy or a firewall may be in the way", result.status(), null,
                    null);
        }
        if (result.status() == 403) {
            // Expired, or its signature no longer accepted: this URL will not take the document.
            return UploadOutcome.URL_EXPIRED;
        }
        if (errors.isEmpty()) {
            // The storage's error document has no envelope: its code (EntityTooLarge, InvalidDigest) is what says
            // why, so it goes with the refusal. PlatformError withholds a code that is no short token.
            errors = List.of(new PlatformError(storageCode.get(), STORAGE_REFUSED, null));
        }
        throw new PlatformRejectedException(result.status(), errors);
    }

    // ---- MessageDecoder ----

    @Override
    public PlatformReport decode(CallbackChannel channel, String body) {
        return decodeMessage(channel, body);
    }

    private static PlatformReport decodeMessage(CallbackChannel channel, String body) {
        return ReportReader.read(body, channel == null ? "the message" : "the " + channel + " message");
    }

    // ---- AutoCloseable ----

    /**
     * Cancels this client's calls under way (each then fails as {@link PlatformUnavailableException}, without a
     * retry) and any made from now on, and releases the threads and connections of the HTTP client this client
     * built; a supplied one is left alone.
     */
    @Override
    public void close() {
        inFlight.cancelAll();
        if (ownsHttpClient) {
            apiClient.dispatcher().executorService().shutdown();
            apiClient.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "OneKycClient[" + config + "]";
    }

    // ---- results ----

    private Optional<PlatformReport> esignResult(SubmissionRef ref) {
        PartnerUser user = ref.partnerUser();
        String sessionId = newSessionId();
        String name = "esign.details";
        HttpResult result;
        try {
            result = runner.call(name, esignPartnerToken(), token -> HttpResult.of(
                    gateway.esignDetails(token, user.userId(), user.userIdType(), sessionId).execute()));
        } catch (PlatformRejectedException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return report(name, result).filter(report -> concerns(report, ref));
    }

    /**
     * Esign looks the submission up by the partner user alone and answers with the user's current one, which
     * may be another than the one asked about: such a report is not about this submission. An identity
     * verification without a platform id yet cannot tell a report naming no session from here; the driver refuses
     * one naming a platform id another of the bridge's submissions holds, which only the store knows.
     */
    private static boolean concerns(PlatformReport report, SubmissionRef ref) {
        String ours = ref.platformSubmissionId();
        String theirs = report.platformSubmissionId();
        if (ours != null && theirs != null) {
            return ours.equals(theirs);
        }
        if (ref.flow() == FlowType.SIV && report.partnerSessionId() != null) {
            return report.partnerSessionId().equals(ref.partnerSessionId());
        }
        return true;
    }

    /**
     * COE: the status first (user token); once it is past IN_PROGRESS, the details for result and reason
     * (partner token). Without a submission id there is nothing to ask about.
     *
     * <p>A status of COMPLETED, PARTIALLY_COMPLETED or ERROR whose details are not there yet (1552, or no data)
     * is reported as IN_PROGRESS: such a status always comes with a result or a reason code, and reported without
     * it, it would end the submission with no verdict, or an ERROR (final, so never polled again) with no reason.
     * IN_PROGRESS keeps it confirmed and polled until the details arrive.
     */
    private Optional<PlatformReport> coeResult(SubmissionRef ref) {
        String submissionId = ref.platformSubmissionId();
        if (submissionId == null) {
            return Optional.empty();
        }
        PartnerUser user = ref.partnerUser();
        String sessionId = newSessionId();
        String statusName = "coe.status";
        HttpResult statusResult;
        try {
            statusResult = runner.call(statusName, coeUserToken(user), token -> HttpResult.of(
                    gateway.coeStatus(submissionId, token, ref.partnerSessionId(), sessionId).execute()));
        } catch (PlatformRejectedException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, Object> status = data(statusName, statusResult);
        String statusText = JsonTree.nonBlank(status, "status");
        if (statusText == null) {
            throw unreadable(statusName, statusResult, "status");
        }
        PlatformStatus platformStatus = PlatformStatus.of(statusText);
        String reportedId = JsonTree.nonBlank(status, "submissionId");
        PlatformReport statusOnly = new PlatformReport(reportedId != null ? reportedId : submissionId,
                JsonTree.nonBlank(status, "submissionType"), null, null, null, Outcome.ofStatus(platformStatus));
        if (STATUS_WITHOUT_RESULT.contains(platformStatus)) {
            return Optional.of(statusOnly);
        }

        String detailsName = "coe.details";
        HttpResult detailsResult;
        try {
            detailsResult = runner.call(detailsName, coePartnerToken(), token -> HttpResult.of(
                    gateway.coeDetails(token, submissionId, user.userId(), user.userIdType()).execute()));
        } catch (PlatformRejectedException e) {
            if (isNotFound(e)) {
                return Optional.of(withoutDetails(statusOnly));
            }
            throw e;
        }
        return Optional.of(report(detailsName, detailsResult).orElseGet(() -> withoutDetails(statusOnly)));
    }

    /** The status report to give while the details are missing: see {@link #coeResult}. */
    private static PlatformReport withoutDetails(PlatformReport statusOnly) {
        if (!STATUS_NEEDING_DETAILS.contains(statusOnly.outcome().status())) {
            return statusOnly;
        }
        return new PlatformReport(statusOnly.platformSubmissionId(), statusOnly.flow(), null, null, null,
                Outcome.ofStatus(PlatformStatus.IN_PROGRESS));
    }

    /** 404 (or the 400 the COE details page uses) with an error that says the submission or user is unknown. */
    private static boolean isNotFound(PlatformRejectedException e) {
        return (e.httpStatus() == 404 || e.httpStatus() == 400) && ErrorEnvelope.saysNotFound(e.errors());
    }

    /** The report in a details answer; empty when the answer holds no submission ({@code "data": {}}). */
    private static Optional<PlatformReport> report(String name, HttpResult result) {
        Map<String, Object> data = data(name, result);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReportReader.read(data, name + " answer"));
        } catch (MalformedMessageException e) {
            throw unreadable(name, result, "report (" + e.getMessage() + ")");
        }
    }

    // ---- upload URLs ----

    private UploadUrls uploadUrls(String name, HttpResult result, FlowType flow) {
        Map<String, Object> data = data(name, result);
        String submissionId = JsonTree.nonBlank(data, "submissionId");
        if (submissionId == null) {
            throw unreadable(name, result, "submissionId");
        }
        Map<String, Object> documents = JsonTree.object(data, "documents");
        if (documents == null) {
            throw unreadable(name, result, "documents");
        }
        Instant now = clock.instant();
        List<UploadTarget> targets = new ArrayList<>();
        Set<DocumentKind> seen = EnumSet.noneOf(DocumentKind.class);
        for (Map.Entry<String, Object> entry : documents.entrySet()) {
            DocumentKind kind = documentKind(entry.getKey(), flow, documents.size());
            if (kind == null || !seen.add(kind)) {
                continue;
            }
            Map<String, Object> document = JsonTree.object(entry.getValue());
            URI url = uri(JsonTree.nonBlank(document, "documentUrl"));
            if (url == null) {
                throw unreadable(name, result, "document URL");
            }
            Long expirySeconds = JsonTree.longValue(document, "expiryInSeconds");
            targets.add(new UploadTarget(kind, JsonTree.nonBlank(document, "documentReference"), url,
                    expirySeconds == null || expirySeconds < 0 || expirySeconds > MAX_URL_LIFETIME_SECONDS ? null
                            : now.plusSeconds(expirySeconds)));
        }
        // Without a URL for each of the flow's documents the answer is of no use: said so here, rather than as
        // the submission's refusal of a target list it cannot start from.
        for (DocumentKind kind : Submission.requiredDocuments(flow)) {
            if (!seen.contains(kind)) {
                throw unreadable(name, result, kind + " document");
            }
        }
        return new UploadUrls(submissionId, targets);
    }

    /**
     * The document types of the answer: {@code KTP} and {@code SELFIE} (Esign), {@code KTP_FRONT} seen on COE
     * pages; a KTP scan's only document is its KTP whatever the platform calls it. Others are not ours to upload.
     */
    private static DocumentKind documentKind(String type, FlowType flow, int documentCount) {
        return switch (type) {
            case "KTP", "KTP_FRONT" -> DocumentKind.KTP;
            case "SELFIE" -> DocumentKind.SELFIE;
            default -> flow == FlowType.KTP_SCAN && documentCount == 1 ? DocumentKind.KTP : null;
        };
    }

    // ---- tokens ----

    private CallRunner.TokenSource esignPartnerToken() {
        return tokenSource(ESIGN_PARTNER, () -> fetchToken("esign.token", TokenKind.ESIGN_PARTNER,
                () -> esignTokenApi.esignPartnerToken(config.clientId(), config.passKey()).execute()));
    }

    private CallRunner.TokenSource coePartnerToken() {
        return tokenSource(COE_PARTNER, () -> fetchToken("coe.partnerToken", TokenKind.COE_PARTNER,
                () -> coeTokenApi.coePartnerToken(config.clientId(), config.passKey()).execute()));
    }

    private CallRunner.TokenSource coeUserToken(PartnerUser user) {
        String partner = onboardingPartner(FlowType.KTP_SCAN);
        TokenKey key = new TokenKey(TokenKind.COE_USER, partner, user.userId(), user.userIdType());
        return tokenSource(key, () -> fetchToken("coe.userToken", TokenKind.COE_USER,
                () -> coeTokenApi.coeUserToken(config.clientId(), config.passKey(), partner, user.userId(),
                        user.userIdType()).execute()));
    }

    private CallRunner.TokenSource tokenSource(TokenKey key, Supplier<TokenCache.Issued> fetch) {
        return new CallRunner.TokenSource() {
            @Override
            public String token() {
                return tokens.get(key, fetch);
            }

            @Override
            public void invalidate(String refusedToken) {
                tokens.invalidate(key, refusedToken);
            }

            @Override
            public boolean forbiddenRefusesToken() {
                return key.kind() == TokenKind.COE_USER;
            }
        };
    }

    @FunctionalInterface
    private interface TokenCall {
        retrofit2.Response<okhttp3.ResponseBody> execute() throws IOException;
    }

    private TokenCache.Issued fetchToken(String name, TokenKind kind, TokenCall call) {
        HttpResult result = runner.exchange(name, null, ignored -> HttpResult.of(call.execute()));
        if (!result.isSuccessful()) {
            throw tokenHostFailure(name, kind, result);
        }
        Map<String, Object> data = data(name, result);
        String token = JsonTree.nonBlank(data, "token");
        if (token == null || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // A token that cannot travel in a header is as good as none.
            throw unreadable(name, result, "token");
        }
        Instant expiresAt = tokenExpiry(data, "expires_at", "expiry_seconds");
        if (expiresAt == null) {
            expiresAt = tokenExpiry(data, "expiresAt", "expirySeconds");
        }
        try {
            metrics.tokenFetched(kind);
        } catch (RuntimeException e) {
            // a listener never breaks a call
        }
        return new TokenCache.Issued(token, expiresAt);
    }

    /**
     * A token host judges our credentials and settings (and the source address it allow-lists), not the submission
     * that needs the token: its refusal, whatever the status, is a {@link PlatformAuthenticationException}, which
     * fails no submission and is retried until an operator fixes the setting. So is a 401 or 403 without the
     * platform's envelope: the page of the allow-list's firewall, which production puts before the COE token
     * host (onekyc-api.md §6.1, §9); taken as unavailability it would send the operator looking at the network.
     *
     * <p>One exception: the COE user token is asked for with the submission's partner user id and id type, and a
     * 400 refusing only those (§8.1) is about that submission's user. It is the platform's refusal of the
     * submission then: retried for ever, it would hold the user's KTP scan.
     */
    private static PlatformException tokenHostFailure(String name, TokenKind kind, HttpResult result) {
        PlatformException failure = CallRunner.failure(name, result);
        if (failure instanceof PlatformRejectedException refused) {
            if (kind == TokenKind.COE_USER && refused.httpStatus() == 400
                    && ErrorEnvelope.saysOnlyPartnerUserRefused(refused.errors())) {
                return refused;
            }
            return new PlatformAuthenticationException(name + " refused the credentials with HTTP "
                    + refused.httpStatus() + ErrorEnvelope.summary(refused.errors()), refused);
        }
        if (result.status() == 403 && failure instanceof PlatformUnavailableException) {
            return new PlatformAuthenticationException(name + " answered HTTP 403 without the platform's error"
                    + " envelope: its IP allow-list, or a firewall before it, may refuse this host's outbound address",
                    null);
        }
        return failure;
    }

    /** An absolute expiry (epoch seconds, or ISO-8601) if stated, else now plus the stated lifetime in seconds. */
    private Instant expiry(Map<String, Object> data, String absoluteField, String secondsField) {
        Instant absolute = JsonTree.instant(data.get(absoluteField));
        return absolute != null ? absolute : afterLifetime(data, secondsField);
    }

    /**
     * A token's expiry. {@code expires_at} is an instant on the platform's clock, {@code expiry_seconds} the same
     * expiry as a lifetime, which no clock skews (onekyc-api.md §3.1, §6.1, §6.2). While the two agree within
     * {@link #EXPIRY_AGREEMENT} the earlier is taken. When they disagree by more, this host's clock is not the
     * platform's (or one field is wrong): a clock 25 minutes ahead would make a 30-minute token look a few minutes
     * long, and a token minted every few minutes is what the platform warns it may rate-limit. The lifetime is
     * taken then.
     */
    private Instant tokenExpiry(Map<String, Object> data, String absoluteField, String secondsField) {
        Instant absolute = JsonTree.instant(data.get(absoluteField));
        Instant afterLifetime = afterLifetime(data, secondsField);
        if (absolute == null || afterLifetime == null) {
            return absolute != null ? absolute : afterLifetime;
        }
        if (Duration.between(absolute, afterLifetime).abs().compareTo(EXPIRY_AGREEMENT) > 0) {
            return afterLifetime;
        }
        return absolute.isBefore(afterLifetime) ? absolute : afterLifetime;
    }

    /** Now plus the lifetime stated in seconds; null when none is stated, or a negative one. */
    private Instant afterLifetime(Map<String, Object> data, String secondsField) {
        Long seconds = JsonTree.longValue(data, secondsField);
        return seconds == null || seconds < 0 ? null : clock.instant().plusSeconds(Math.min(seconds, 3_153_600_000L));
    }

    // ---- helpers ----

    /**
     * @throws FlowNotConfiguredException naming this client's setting, when the flow has no onboarding partner (a
     *     submission of a flow the deployment has stopped running, reconciled or polled)
     */
    private String onboardingPartner(FlowType flow) {
        String partner = switch (flow) {
            case CERT_REG -> config.certRegOnboardingPartner();
            case KTP_SCAN -> config.ktpScanOnboardingPartner();
            case SIV -> config.sivOnboardingPartner();
        };
        if (partner == null) {
            throw new FlowNotConfiguredException(flow, switch (flow) {
                case CERT_REG -> "certRegOnboardingPartner";
                case KTP_SCAN -> "ktpScanOnboardingPartner";
                case SIV -> "sivOnboardingPartner";
            });
        }
        return partner;
    }

    private static String requireSubmissionId(SubmissionRef ref) {
        if (ref.platformSubmissionId() == null) {
            throw new IllegalArgumentException("the submission has no platform submission id yet");
        }
        return ref.platformSubmissionId();
    }

    private static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** The {@code data} object of a success envelope; a body without one is unreadable. */
    /** The {@code data} of a 2xx answer's envelope; an answer without one, or saying it failed, is unreadable. */
    private static Map<String, Object> data(String name, HttpResult result) {
        Map<String, Object> envelope = JsonTree.parseObjectOrNull(result.body());
        Map<String, Object> data = JsonTree.object(envelope, "data");
        if (data == null || envelope.get("success") == Boolean.FALSE) {
            throw unreadable(name, result, "data object");
        }
        return data;
    }

    private static PlatformUnavailableException unreadable(String name, HttpResult result, String what) {
        return new PlatformUnavailableException(
                name + " answered HTTP " + result.status() + " without a readable " + what, result.status(), null,
                null);
    }

    private static URI uri(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
