package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.port.in.AcceptCallbackUseCase;
import dev.onekycbridge.core.port.in.GetSubmissionUseCase;
import dev.onekycbridge.core.port.in.ListSubmissionsUseCase;
import dev.onekycbridge.core.port.in.StartCertificateRegistrationUseCase;
import dev.onekycbridge.core.port.in.StartIdentityVerificationUseCase;
import dev.onekycbridge.core.port.in.StartKtpScanUseCase;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the web adapter calls: the inbound use cases, the readiness check, the catalog read for the submission
 * gauges, the callbacks waiting in the inbox for the callback gauges (e.g. {@code CallbackInbox::waiting}), and the
 * metrics it records to and serves. Every call into these runs on a worker thread, never on the
 * event loop.
 */
public record WebPorts(StartCertificateRegistrationUseCase startCertificateRegistration,
                       StartKtpScanUseCase startKtpScan,
                       StartIdentityVerificationUseCase startIdentityVerification,
                       AcceptCallbackUseCase acceptCallback,
                       GetSubmissionUseCase getSubmission,
                       ListSubmissionsUseCase listSubmissions,
                       SubmissionCatalog catalog,
                       Supplier<InboxBacklog> callbacksWaiting,
                       ReadinessCheck readiness,
                       Metrics metrics) {
    public WebPorts {
        Objects.requireNonNull(startCertificateRegistration, "startCertificateRegistration");
        Objects.requireNonNull(startKtpScan, "startKtpScan");
        Objects.requireNonNull(startIdentityVerification, "startIdentityVerification");
        Objects.requireNonNull(acceptCallback, "acceptCallback");
        Objects.requireNonNull(getSubmission, "getSubmission");
        Objects.requireNonNull(listSubmissions, "listSubmissions");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(callbacksWaiting, "callbacksWaiting");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
    }
}
