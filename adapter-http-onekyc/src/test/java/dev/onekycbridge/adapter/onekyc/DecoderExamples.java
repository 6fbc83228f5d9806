package dev.onekycbridge.adapter.onekyc;

/** Result messages as the platform's pages show them (onekyc-api.md §3.5, §4, §6.5, §6.6, §7.3). */
final class DecoderExamples {
    /** Get Submission Details data / callback, CERT_REG, COMPLETED + VALID (integration guide step 6). */
    static final String CERT_REG_COMPLETED_VALID = """
            {
              "submissionId": "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c",
              "userId": "user-12345",
              "userIdType": "CLIENT_X_USER_ID",
              "partnerSessionId": "session-abc-001",
              "status": "COMPLETED",
              "result": "VALID",
              "processedAt": "2026-05-08T10:30:00Z",
              "submissionDetails": {
                "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"},
                "registrationId": "6dab7f08-0dcb-4852-8459-59cb7c25f4dc",
                "eligibleToActivate": false,
                "onboardingCode": "NEW_USER",
                "shouldSkipActivation": true
              }
            }
            """;

    /** CERT_REG callback, PARTIALLY_COMPLETED + VALID: no registrationId yet. */
    static final String CERT_REG_PARTIALLY_COMPLETED = """
            {
              "submissionId": "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c",
              "userId": "user-12345",
              "userIdType": "CLIENT_X_USER_ID",
              "partnerSessionId": "session-abc-001",
              "status": "PARTIALLY_COMPLETED",
              "result": "VALID",
              "processedAt": "2026-05-08T10:29:00Z",
              "submissionDetails": {
                "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"},
                "eligibleToActivate": false,
                "onboardingCode": "NEW_USER",
                "shouldSkipActivation": true
              }
            }
            """;

    /** CERT_REG callback, COMPLETED + INVALID: the selfie failed. */
    static final String CERT_REG_COMPLETED_INVALID = """
            {
              "submissionId": "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c",
              "userId": "user-12345",
              "userIdType": "CLIENT_X_USER_ID",
              "partnerSessionId": "session-abc-001",
              "status": "COMPLETED",
              "result": "INVALID",
              "reasonCode": "DUKCAPIL_REJECTED",
              "processedAt": "2026-05-08T10:30:00Z",
              "submissionDetails": {
                "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "FAIL"},
                "eligibleToActivate": false,
                "onboardingCode": "NEW_USER",
                "shouldSkipActivation": true
              }
            }
            """;

    /** SIV callback with ktpData (SIV integration guide). */
    static final String SIV_COMPLETED = """
            {
                "submissionId": "c64b4c8c-9a8f-4e9c-b86a-0908291c855e",
                "flow": "STANDALONE_IDENTITY_VERIFICATION",
                "userId": "421453511adsasdl",
                "userIdType": "MY_USER_ID",
                "partnerSessionId": "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11",
                "status": "COMPLETED",
                "result": "VALID",
                "processedAt": "2026-05-08T10:30:00Z",
                "submissionDetails": {
                    "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"},
                    "ktpData": {
                        "nik": "3208201808850001",
                        "name": "JOHN DOE",
                        "region": "SEMARANG",
                        "dateOfBirth": "18-02-1960",
                        "bloodType": "-",
                        "religion": "KRISTEN",
                        "province": "JAWA TIMUR",
                        "city": "KOTA SURABAYA",
                        "address": "SEMARANG SELATAN",
                        "district": "WAYANG",
                        "town": "BUBUTAN",
                        "gender": "male",
                        "rt": "008",
                        "rw": "020",
                        "occupation": "PELAJAR/MAHASISWA",
                        "validUntil": "",
                        "citizenship": "INDONESIA",
                        "maritalStatus": "BELUM KAWIN",
                        "issuanceDate": "28-12-2017"
                    },
                    "certificateRegistration": {
                        "registrationId": "0b0e2f7c-1111-4a4a-9c9c-123456789abc",
                        "eligibleToActivate": true,
                        "onboardingCode": "NEW_USER",
                        "shouldSkipActivation": true
                    },
                    "imageUrls": {
                        "KTP": "https://sample-image.com/ktp.jpg",
                        "SELFIE": "https://sample-image.com/selfie.jpg",
                        "ADDITIONAL_SELFIE": "https://sample-image.com/additional-selfie.jpg"
                    }
                }
            }
            """;

    /** SIV callback, REJECTED with a translation block that is not in the schema. */
    static final String SIV_REJECTED = """
            {
              "submissionId": "c64b4c8c-9a8f-4e9c-b86a-0908291c855e",
              "flow": "STANDALONE_IDENTITY_VERIFICATION",
              "userId": "421453511adsasdl",
              "userIdType": "MY_USER_ID",
              "partnerSessionId": "5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11",
              "status": "COMPLETED",
              "result": "REJECTED",
              "reasonCode": "NOT_EKTP",
              "processedAt": "2026-05-08T10:30:00Z",
              "submissionDetails": {
                "verificationResult": {"nik": "FAIL", "name": "FAIL", "dateOfBirth": "FAIL", "selfie": "PASS"},
                "rejectionReasonTranslations": {
                  "en_ID": {"title": "Verification rejected", "message": "ID submitted is not eKTP"},
                  "id_ID": {"title": "Verifikasi ditolak", "message": "KTP yang dikirim bukan eKTP"}
                }
              }
            }
            """;

    /** COE callback to partner: the minimal body (§6.6). */
    static final String COE_MINIMAL = """
            {"submissionId": "8527781b-8fdd-48e3-adfe-4136aee5e985", "status": "COMPLETED", "result": "VALID",
             "reasonCode": ""}
            """;

    /** COE Get Submission Details data, FACE_VERIFICATION, rejected (§6.5). */
    static final String COE_DETAILS_REJECTED = """
            {
              "submissionId": "8527781b-8fdd-48e3-adfe-4136aee5e985",
              "flow": "FACE_VERIFICATION",
              "partnerSessionId": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
              "status": "COMPLETED",
              "result": "INVALID",
              "reasonCode": "REFERENCE_IMAGE_VALIDATION_FAILED",
              "processedAt": "2026-04-29T08:00:00Z",
              "submissionDetails": {
                "imageUrls": {"selfie": "https://sample-image.com/selfie.jpg"},
                "verificationResults": {
                  "faceMatch": {"score": 0.2758, "result": false, "version": "2.3.0"},
                  "liveness": {"result": true, "version": "4.0.0"},
                  "referenceImageValidation": {"ktp": {"verificationResult": false, "verificationReasonCode": "NOT_EKTP"}}
                }
              }
            }
            """;

    private DecoderExamples() {
    }
}
