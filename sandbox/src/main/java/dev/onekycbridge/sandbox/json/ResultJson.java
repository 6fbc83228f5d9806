package dev.onekycbridge.sandbox.json;

import dev.onekycbridge.sandbox.callback.CallbackMessage;
import dev.onekycbridge.sandbox.model.DocumentType;
import dev.onekycbridge.sandbox.model.Flow;
import dev.onekycbridge.sandbox.model.KtpData;
import dev.onekycbridge.sandbox.model.Result;
import dev.onekycbridge.sandbox.model.SampleIdentities;
import dev.onekycbridge.sandbox.model.Submission;
import dev.onekycbridge.sandbox.model.SubmissionStatus;
import dev.onekycbridge.sandbox.model.VerificationResult;
import dev.onekycbridge.sandbox.model.Verdict;
import dev.onekycbridge.sandbox.objects.Links;
import dev.onekycbridge.sandbox.processing.OutcomePlan;
import dev.onekycbridge.sandbox.state.SandboxState;
import io.vertx.core.json.JsonObject;

/**
 * Writes a submission's result in the platform's shapes: Esign Get Submission Details (CERT_REG and SIV, also the
 * callback body), COE details and callback, COE status. JSON exists only here, at the edge.
 */
public final class ResultJson {

    private final SandboxState state;
    private final Links links;

    public ResultJson(SandboxState state, Links links) {
        this.state = state;
        this.links = links;
    }

    /** The {@code data} of Esign Get Submission Details, and the Esign/SIV callback body. */
    public JsonObject esign(Submission s) {
        Verdict verdict = s.verdict();
        return new JsonObject()
                .put("submissionId", s.id())
                .put("flow", s.flow().name())
                .put("userId", s.user().id())
                .put("userIdType", s.user().idType())
                .put("partnerSessionId", s.partnerSessionId())
                .put("status", s.status().name())
                .put("result", verdict == null || verdict.result() == null ? null : verdict.result().name())
                .put("processedAt", verdict == null ? null : verdict.processedAt().toString())
                .put("reasonCode", verdict == null ? null : verdict.reasonCode())
                .put("submissionDetails", s.flow() == Flow.CERT_REG ? certRegDetails(s) : sivDetails(s));
    }

    /** The {@code data} of COE Get Submission Details. A passing result has reasonCode "" as in the examples. */
    public JsonObject coeDetails(Submission s) {
        Verdict verdict = s.verdict();
        return new JsonObject()
                .put("submissionId", s.id())
                .put("flow", s.flow().name())
                .put("partnerSessionId", s.partnerSessionId())
                .put("status", s.status().name())
                .put("result", resultName(verdict))
                .put("reasonCode", coeReason(verdict))
                .put("processedAt", verdict == null ? null : verdict.processedAt().toString())
                .put("submissionDetails", concluded(s) ? new JsonObject()
                        .put("ktpData", ktp(SampleIdentities.forUser(s.user().id())))
                        .put("verificationResult", coeVerification(OutcomePlan.verification(s.scenario())))
                        .put("imageUrls", new JsonObject().put("KTP", imageUrl(s, DocumentType.KTP)))
                        : null);
    }

    /** The COE callback body (§6.6 plus processedAt and flow). */
    public JsonObject coeCallback(Submission s) {
        Verdict verdict = s.verdict();
        return new JsonObject()
                .put("submissionId", s.id())
                .put("status", s.status().name())
                .put("result", resultName(verdict))
                .put("reasonCode", coeReason(verdict))
                .put("processedAt", verdict == null ? null : verdict.processedAt().toString())
                .put("flow", s.flow().name());
    }

    /** The {@code data} of COE Get Submission Status. */
    public JsonObject coeStatus(Submission s) {
        Verdict verdict = s.verdict();
        boolean done = s.status().isFinal();
        boolean uploaded = state.objects().has(s.id(), DocumentType.KTP);
        JsonObject approval = null;
        if (s.status() == SubmissionStatus.COMPLETED) {
            boolean approved = verdict.result() == Result.VALID;
            approval = new JsonObject()
                    .put("isApproved", approved)
                    .put("riskLevel", approved ? "LOW" : "HIGH")
                    .put("confidence", approved ? "98.50%" : "12.30%");
        }
        return new JsonObject()
                .put("submissionId", s.id())
                .put("status", s.status().name())
                .put("submissionType", s.flow().name())
                .put("createdAt", s.createdAt().toString())
                .put("completedAt", done ? verdict.processedAt().toString() : null)
                .put("verificationResult", approval)
                .put("errorMessage", s.status() == SubmissionStatus.ERROR ? verdict.reasonCode() : null)
                .put("documents", new JsonObject().put("KTP", new JsonObject()
                        .put("status", documentStatus(s, uploaded))
                        .put("documentReference", s.documentReferences().get(DocumentType.KTP))));
    }

    /** The callback for the submission's current state, in its flow's shape. */
    public CallbackMessage callback(Submission s) {
        JsonObject body = s.flow() == Flow.KTP_SCAN ? coeCallback(s) : esign(s);
        return new CallbackMessage(body.getString("status"), body.getString("result"), body.getString("reasonCode"),
                body.encode());
    }

    /** A callback for the submission with status, result and reasonCode replaced, for manual sends. */
    public CallbackMessage customCallback(Submission s, String status, String result, String reasonCode) {
        JsonObject body = s.flow() == Flow.KTP_SCAN ? coeCallback(s) : esign(s);
        body.put("status", status).put("result", result).put("reasonCode", reasonCode);
        return new CallbackMessage(status, result, reasonCode, body.encode());
    }

    private JsonObject certRegDetails(Submission s) {
        if (!concluded(s)) {
            return null;
        }
        JsonObject details = new JsonObject()
                .put("verificationResult", verification(OutcomePlan.verification(s.scenario())));
        if (s.verdict().registrationId() != null) {
            details.put("registrationId", s.verdict().registrationId());
        }
        return details
                .put("eligibleToActivate", false)
                .put("shouldSkipActivation", true)
                .put("onboardingCode", "NEW_USER");
    }

    private JsonObject sivDetails(Submission s) {
        if (!concluded(s)) {
            return null;
        }
        JsonObject details = new JsonObject()
                .put("verificationResult", verification(OutcomePlan.verification(s.scenario())))
                .put("ktpData", ktp(SampleIdentities.forUser(s.user().id())));
        Verdict verdict = s.verdict();
        if (verdict.registrationId() != null) {
            details.put("certificateRegistration", new JsonObject()
                    .put("registrationId", verdict.registrationId())
                    .put("eligibleToActivate", true)
                    .put("shouldSkipActivation", true)
                    .put("onboardingCode", "NEW_USER"));
        }
        details.put("imageUrls", new JsonObject()
                .put("KTP", imageUrl(s, DocumentType.KTP))
                .put("SELFIE", imageUrl(s, DocumentType.SELFIE))
                .put("ADDITIONAL_SELFIE", imageUrl(s, DocumentType.ADDITIONAL_SELFIE)));
        if (verdict.result() == Result.INVALID || verdict.result() == Result.REJECTED) {
            details.put("rejectionReasonTranslations", RejectionTexts.forReason(verdict.reasonCode()));
        }
        return details;
    }

    /** Results exist once processing reached PARTIALLY_COMPLETED or COMPLETED; an ERROR has none. */
    private static boolean concluded(Submission s) {
        return s.status() == SubmissionStatus.PARTIALLY_COMPLETED || s.status() == SubmissionStatus.COMPLETED;
    }

    private String imageUrl(Submission s, DocumentType type) {
        return links.presigned("GET", s.id(), type, state.config().presignedUrlTtlSeconds());
    }

    private static String documentStatus(Submission s, boolean uploaded) {
        if (!uploaded) {
            return "PENDING";
        }
        if (s.status() != SubmissionStatus.COMPLETED) {
            return "UPLOADED";
        }
        return switch (s.verdict().result()) {
            case VALID -> "VERIFIED";
            case INVALID -> "INVALID";
            case REJECTED -> "REJECTED";
        };
    }

    private static String resultName(Verdict verdict) {
        return verdict == null || verdict.result() == null ? null : verdict.result().name();
    }

    private static String coeReason(Verdict verdict) {
        if (verdict == null) {
            return null;
        }
        return verdict.reasonCode() == null ? "" : verdict.reasonCode();
    }

    private static JsonObject verification(VerificationResult v) {
        return new JsonObject()
                .put("nik", v.nik().name())
                .put("name", v.name().name())
                .put("dateOfBirth", v.dateOfBirth().name())
                .put("selfie", v.selfie().name());
    }

    /** A KTP scan has no selfie to match. */
    private static JsonObject coeVerification(VerificationResult v) {
        return new JsonObject()
                .put("nik", v.nik().name())
                .put("name", v.name().name())
                .put("dateOfBirth", v.dateOfBirth().name());
    }

    private static JsonObject ktp(KtpData k) {
        return new JsonObject()
                .put("nik", k.nik())
                .put("name", k.name())
                .put("region", k.region())
                .put("dateOfBirth", k.dateOfBirth())
                .put("bloodType", k.bloodType())
                .put("religion", k.religion())
                .put("province", k.province())
                .put("city", k.city())
                .put("address", k.address())
                .put("district", k.district())
                .put("town", k.town())
                .put("gender", k.gender())
                .put("rt", k.rt())
                .put("rw", k.rw())
                .put("occupation", k.occupation())
                .put("validUntil", k.validUntil())
                .put("citizenship", k.citizenship())
                .put("maritalStatus", k.maritalStatus())
                .put("issuanceDate", k.issuanceDate());
    }
}
