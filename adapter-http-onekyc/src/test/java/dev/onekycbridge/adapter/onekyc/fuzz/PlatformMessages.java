package dev.onekycbridge.adapter.onekyc.fuzz;

import java.util.List;

/**
 * The seed documents: result messages and error envelopes as the platform's pages show them (onekyc-api.md §2.1,
 * §3.5, §4, §5, §6.5, §6.6, §7.3, §8), with the test's own personal-looking values in the KTP data.
 */
final class PlatformMessages {
    static final String CERT_REG_PARTIALLY_COMPLETED = """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","userId":"user-12345",
             "userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001","status":"PARTIALLY_COMPLETED",
             "result":"VALID","processedAt":"2026-05-08T10:29:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "eligibleToActivate":false,"onboardingCode":"NEW_USER","shouldSkipActivation":true}}
            """;

    static final String CERT_REG_COMPLETED_VALID = """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","userId":"user-12345",
             "userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001","status":"COMPLETED",
             "result":"VALID","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "registrationId":"6dab7f08-0dcb-4852-8459-59cb7c25f4dc","eligibleToActivate":false,
               "onboardingCode":"NEW_USER","shouldSkipActivation":true}}
            """;

    static final String CERT_REG_COMPLETED_INVALID = """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","userId":"user-12345",
             "userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001","status":"COMPLETED",
             "result":"INVALID","reasonCode":"DUKCAPIL_REJECTED","processedAt":"2026-05-08T10:30:00Z",
             "submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"FAIL"},
               "eligibleToActivate":false,"onboardingCode":"NEW_USER","shouldSkipActivation":true}}
            """;

    static final String CERT_REG_ERROR = """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"ERROR","result":null,
             "reasonCode":"SYSTEM_ERROR","processedAt":1783336059}
            """;

    static final String SIV_COMPLETED = """
            {"submissionId":"c64b4c8c-9a8f-4e9c-b86a-0908291c855e","flow":"STANDALONE_IDENTITY_VERIFICATION",
             "userId":"421453511adsasdl","userIdType":"MY_USER_ID",
             "partnerSessionId":"5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11","status":"COMPLETED","result":"VALID",
             "processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "ktpData":{"nik":"3208201808850001","name":"JOHN DOE","region":"SEMARANG","dateOfBirth":"18-02-1960",
                 "bloodType":"-","religion":"KRISTEN","province":"JAWA TIMUR","city":"KOTA SURABAYA",
                 "address":"SEMARANG SELATAN","district":"WAYANG","town":"BUBUTAN","gender":"male","rt":"008",
                 "rw":"020","occupation":"PELAJAR/MAHASISWA","validUntil":"","citizenship":"INDONESIA",
                 "maritalStatus":"BELUM KAWIN","issuanceDate":"28-12-2017"},
               "certificateRegistration":{"registrationId":"0b0e2f7c-1111-4a4a-9c9c-123456789abc",
                 "eligibleToActivate":true,"onboardingCode":"NEW_USER","shouldSkipActivation":true},
               "imageUrls":{"KTP":"https://sample-image.com/ktp.jpg","SELFIE":"https://sample-image.com/selfie.jpg",
                 "ADDITIONAL_SELFIE":"https://sample-image.com/additional-selfie.jpg"}}}
            """;

    static final String SIV_REJECTED = """
            {"submissionId":"c64b4c8c-9a8f-4e9c-b86a-0908291c855e","flow":"STANDALONE_IDENTITY_VERIFICATION",
             "userId":"421453511adsasdl","userIdType":"MY_USER_ID",
             "partnerSessionId":"5b0c7a9e-0f4e-4d0e-9a55-0e0a3c1d2b11","status":"COMPLETED","result":"REJECTED",
             "reasonCode":"NOT_EKTP","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"FAIL","name":"FAIL","dateOfBirth":"FAIL","selfie":"PASS"},
               "rejectionReasonTranslations":{
                 "en_ID":{"title":"Verification rejected","message":"ID submitted is not eKTP"},
                 "id_ID":{"title":"Verifikasi ditolak","message":"KTP yang dikirim bukan eKTP"}}}}
            """;

    static final String COE_MINIMAL = """
            {"submissionId":"8527781b-8fdd-48e3-adfe-4136aee5e985","status":"COMPLETED","result":"VALID",
             "reasonCode":""}
            """;

    static final String COE_DETAILS_REJECTED = """
            {"submissionId":"8527781b-8fdd-48e3-adfe-4136aee5e985","flow":"FACE_VERIFICATION",
             "partnerSessionId":"b719f79b-ae7a-440a-8f9c-5f661ca34e7","status":"COMPLETED","result":"INVALID",
             "reasonCode":"REFERENCE_IMAGE_VALIDATION_FAILED","processedAt":"2026-04-29T08:00:00Z",
             "submissionDetails":{"imageUrls":{"selfie":"https://sample-image.com/selfie.jpg"},
               "verificationResults":{"faceMatch":{"score":0.2758,"result":false,"version":"2.3.0"},
                 "liveness":{"result":true,"version":"4.0.0"},
                 "referenceImageValidation":{"ktp":{"verificationResult":false,
                   "verificationReasonCode":"NOT_EKTP"}}}}}
            """;

    static final String POLLED_ENVELOPE = "{\"success\":true,\"data\":" + CERT_REG_COMPLETED_VALID + "}";

    static final String ESIGN_ERROR_400 = """
            {"success":false,"errors":[{"code":"1539","cause":"PARTNER_USER_ID_CAN_NOT_BE_EMPTY"},
              {"code":"1650","cause":"ESIGN_ONBOARDING_PARTNER_CAN_NOT_BE_EMPTY"},
              {"code":"1653","cause":"SUBMISSION_ID_DOES_NOT_BELONG_TO_CURRENT_USER"}]}
            """;

    static final String ESIGN_ERROR_401 = """
            {"success":false,"data":null,"errors":[{"code":"110","entity":"ESIGN_ADAPTER","cause":"UNAUTHORIZED"}]}
            """;

    static final String ESIGN_ERROR_404 = """
            {"success":false,"data":{},"errors":[{"code":"1514",
              "cause":"USER_NOT_FOUND_FOR_PARTNER_AND_PARTNER_USER_ID_AND_PARTNER_USER_ID_TYPE"}]}
            """;

    static final String COE_ERROR_INTEGER_CODE = """
            {"success":false,"errors":[{"code":1539,"entity":"ONEKYC_TOKEN_SERVICE",
              "cause":"MISSING_CLIENT_ID_OR_PASS_KEY"}]}
            """;

    static final String GENERIC_500 = """
            {"success":false,"errors":[{"code":"900","cause":"GENERIC_SERVICE_ERROR"}]}
            """;

    /** Every seed: the result messages first, then the error envelopes. */
    static final List<String> ALL = List.of(CERT_REG_PARTIALLY_COMPLETED, CERT_REG_COMPLETED_VALID,
            CERT_REG_COMPLETED_INVALID, CERT_REG_ERROR, SIV_COMPLETED, SIV_REJECTED, COE_MINIMAL,
            COE_DETAILS_REJECTED, POLLED_ENVELOPE, ESIGN_ERROR_400, ESIGN_ERROR_401, ESIGN_ERROR_404,
            COE_ERROR_INTEGER_CODE, GENERIC_500);

    private PlatformMessages() {
    }
}
