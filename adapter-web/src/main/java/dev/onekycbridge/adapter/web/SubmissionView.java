package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.submission.CertificateRegistration;
import dev.onekycbridge.core.submission.Failure;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.HistoryEntry;
import dev.onekycbridge.core.submission.KtpData;
import dev.onekycbridge.core.submission.Outcome;
import dev.onekycbridge.core.submission.RejectionText;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.VerificationLaunch;
import dev.onekycbridge.core.submission.VerificationResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A submission as the partner API shows it. Built from the submission's identity, status and outcome only: the
 * applicant's details (NIK, name, e-mail, phone) never appear; the KTP data the platform read appears only when
 * asked for ({@code ?include=ktpData}).
 *
 * @param submissionId the platform's id, once it has issued one
 * @param launch what the partner's front end needs to start an identity verification (SIV only)
 * @param ktpDataRequested whether the partner asked for {@code ktpData}; only then is the member present
 */
record SubmissionView(String id, String type, String submissionId, String partnerUserId, String partnerUserIdType,
                      String status, String result, String reasonCode, VerificationResultView verificationResult,
                      CertificateRegistrationView certificateRegistration,
                      Map<String, RejectionText> rejectionTexts, KtpDataView ktpData,
                      FailureView failure, LaunchView launch, Instant createdAt, Instant updatedAt,
                      List<HistoryView> history, boolean ktpDataRequested) {

    static SubmissionView of(Submission submission, boolean includeKtpData) {
        Outcome outcome = submission.outcome().orElse(null);
        return new SubmissionView(
                submission.id().toString(),
                submission.flow().name(),
                submission.platformSubmissionId().orElse(null),
                submission.partnerUser().userId(),
                submission.partnerUser().userIdType(),
                submission.status().name(),
                outcome == null || outcome.result() == null ? null : outcome.result().raw(),
                outcome == null || outcome.reasonCode() == null ? null : outcome.reasonCode().raw(),
                outcome == null ? null : VerificationResultView.of(outcome.verificationResult()),
                outcome == null ? null : CertificateRegistrationView.of(outcome.certificateRegistration()),
                outcome == null ? Map.of() : outcome.rejectionTexts(),
                includeKtpData && outcome != null ? KtpDataView.of(outcome.ktpData()) : null,
                submission.failure().map(FailureView::of).orElse(null),
                submission.launch().map(LaunchView::of).orElse(null),
                submission.snapshot().createdAt(),
                submission.snapshot().updatedAt(),
                submission.history().stream().map(HistoryView::of).toList(),
                includeKtpData);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("type", type)
                .put("submissionId", submissionId)
                .put("partnerUserId", partnerUserId)
                .put("partnerUserIdType", partnerUserIdType)
                .put("status", status)
                .put("result", result)
                .put("reasonCode", reasonCode)
                .put("verificationResult", verificationResult == null ? null : verificationResult.toJson())
                .put("certificateRegistration",
                        certificateRegistration == null ? null : certificateRegistration.toJson())
                .put("rejectionReasonTranslations", rejectionTexts.isEmpty() ? null : rejectionTextsJson());
        if (ktpDataRequested) {
            json.put("ktpData", ktpData == null ? null : ktpData.toJson());
        }
        json.put("failure", failure == null ? null : failure.toJson());
        if (FlowType.SIV.name().equals(type)) {
            json.put("launch", launch == null ? null : launch.toJson());
        }
        json.put("createdAt", text(createdAt))
                .put("updatedAt", text(updatedAt));
        JsonArray lines = new JsonArray();
        history.forEach(line -> lines.add(line.toJson()));
        return json.put("history", lines);
    }

    private JsonObject rejectionTextsJson() {
        JsonObject json = new JsonObject();
        rejectionTexts.forEach((locale, text) -> json.put(locale,
                new JsonObject().put("title", text.title()).put("message", text.message())));
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The platform's verdict per field: {@code PASS}, {@code FAIL}, or a newer value as sent. */
    record VerificationResultView(String nik, String name, String dateOfBirth, String selfie) {
        static VerificationResultView of(VerificationResult result) {
            return result == null ? null
                    : new VerificationResultView(result.nik(), result.name(), result.dateOfBirth(), result.selfie());
        }

        JsonObject toJson() {
            return new JsonObject().put("nik", nik).put("name", name).put("dateOfBirth", dateOfBirth)
                    .put("selfie", selfie);
        }
    }

    record CertificateRegistrationView(String registrationId, Boolean eligibleToActivate,
                                       Boolean shouldSkipActivation, String onboardingCode) {
        static CertificateRegistrationView of(CertificateRegistration registration) {
            return registration == null ? null : new CertificateRegistrationView(registration.registrationId(),
                    registration.eligibleToActivate(), registration.shouldSkipActivation(),
                    registration.onboardingCode());
        }

        JsonObject toJson() {
            return new JsonObject().put("registrationId", registrationId)
                    .put("eligibleToActivate", eligibleToActivate)
                    .put("shouldSkipActivation", shouldSkipActivation)
                    .put("onboardingCode", onboardingCode);
        }
    }

    /** The platform's code and cause of a refusal; never personal data. */
    record FailureView(String code, String cause) {
        static FailureView of(Failure failure) {
            return new FailureView(failure.code(), failure.cause());
        }

        JsonObject toJson() {
            return new JsonObject().put("code", code).put("cause", cause);
        }
    }

    record LaunchView(String sdkToken, String launchUrl, Instant expiresAt) {
        static LaunchView of(VerificationLaunch launch) {
            return new LaunchView(launch.sdkToken(), launch.launchUrl() == null ? null : launch.launchUrl().toString(),
                    launch.expiresAt());
        }

        JsonObject toJson() {
            return new JsonObject().put("sdkToken", sdkToken).put("launchUrl", launchUrl)
                    .put("expiresAt", text(expiresAt));
        }

        @Override
        public String toString() {
            return "LaunchView[***, expiresAt=" + expiresAt + "]";
        }
    }

    record HistoryView(Instant at, String kind, String from, String to, String source, String detail) {
        static HistoryView of(HistoryEntry entry) {
            return new HistoryView(entry.at(), entry.kind().name(), entry.from().name(), entry.to().name(),
                    entry.source().name(), entry.detail());
        }

        JsonObject toJson() {
            return new JsonObject().put("at", text(at)).put("kind", kind).put("from", from).put("to", to)
                    .put("source", source).put("detail", detail);
        }
    }

    /** The KTP fields the platform read: personal data, shown only on request. */
    record KtpDataView(String nik, String name, String region, String dateOfBirth, String bloodType,
                       String religion, String province, String city, String address, String district,
                       String town, String gender, String rt, String rw, String occupation, String validUntil,
                       String citizenship, String maritalStatus, String issuanceDate) {
        static KtpDataView of(KtpData data) {
            return data == null ? null : new KtpDataView(data.nik(), data.name(), data.region(), data.dateOfBirth(),
                    data.bloodType(), data.religion(), data.province(), data.city(), data.address(),
                    data.district(), data.town(), data.gender(), data.rt(), data.rw(), data.occupation(),
                    data.validUntil(), data.citizenship(), data.maritalStatus(), data.issuanceDate());
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("nik", nik).put("name", name).put("region", region).put("dateOfBirth", dateOfBirth)
                    .put("bloodType", bloodType).put("religion", religion).put("province", province)
                    .put("city", city).put("address", address).put("district", district).put("town", town)
                    .put("gender", gender).put("rt", rt).put("rw", rw).put("occupation", occupation)
                    .put("validUntil", validUntil).put("citizenship", citizenship)
                    .put("maritalStatus", maritalStatus).put("issuanceDate", issuanceDate);
        }

        @Override
        public String toString() {
            return "KtpDataView[***]";
        }
    }
}
