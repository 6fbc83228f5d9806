package dev.onekycbridge.adapter.web.fuzz;

import java.util.List;

/**
 * The seed callbacks, as the platform's pages show them (onekyc-api.md §4, §6.6, §7.3). {@value #PLATFORM_ID}
 * stands for the platform's id of a submission the store holds, and is replaced per epoch.
 */
final class CallbackSeeds {
    static final String PLATFORM_ID = "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c";

    static final List<String> ALL = List.of("""
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","userId":"user-12345",
             "userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001","status":"PARTIALLY_COMPLETED",
             "result":"VALID","processedAt":"2026-05-08T10:29:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "eligibleToActivate":false,"onboardingCode":"NEW_USER","shouldSkipActivation":true}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","userId":"user-12345",
             "userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001","status":"COMPLETED",
             "result":"VALID","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "registrationId":"6dab7f08-0dcb-4852-8459-59cb7c25f4dc","eligibleToActivate":false,
               "onboardingCode":"NEW_USER","shouldSkipActivation":true}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"COMPLETED","result":"INVALID",
             "reasonCode":"DUKCAPIL_REJECTED","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"FAIL"}}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"ERROR","result":null,
             "reasonCode":"SYSTEM_ERROR"}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"STANDALONE_IDENTITY_VERIFICATION",
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
                 "eligibleToActivate":true,"onboardingCode":"NEW_USER","shouldSkipActivation":true}}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"COMPLETED","result":"REJECTED",
             "reasonCode":"NOT_EKTP","submissionDetails":{"rejectionReasonTranslations":{
               "en_ID":{"title":"Verification rejected","message":"ID submitted is not eKTP"}}}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"COMPLETED","result":"VALID",
             "reasonCode":""}
            """);

    private CallbackSeeds() {
    }
}
