package dev.onekycbridge.app.fuzz;

import java.util.List;

/**
 * The seed callbacks of each channel, as the platform's pages show them (onekyc-api.md §4, §6.6, §7.3) and as the
 * adapter-web fuzz and the decoder fuzz seed them, with placeholders for the submission each is aimed at: the
 * platform's id ({@value #PLATFORM_ID}), the session ({@value #SESSION}) and the partner user ({@value #USER}) of
 * the registration, the KTP scan or the identity verification the service holds. The KTP data and contacts are
 * the personal-looking values of the generator, which no answer may repeat.
 */
final class ChannelSeeds {
    static final String PLATFORM_ID = "8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c";
    static final String SESSION = "session-abc-001";
    static final String USER = "user-12345";

    /** About a certificate registration, on {@code /callbacks/esign}. */
    static final List<String> ESIGN = List.of("""
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","userId":"user-12345",
             "userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001","status":"PARTIALLY_COMPLETED",
             "result":"VALID","processedAt":"2026-05-08T10:29:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "eligibleToActivate":false,"onboardingCode":"NEW_USER","shouldSkipActivation":true}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"CERT_REG","userId":"user-12345",
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
             "reasonCode":"SYSTEM_ERROR","processedAt":1783336059}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"STANDALONE_IDENTITY_VERIFICATION",
             "userId":"user-12345","userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001",
             "status":"COMPLETED","result":"VALID","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"}}}
            """);

    /** About a KTP scan, on {@code /callbacks/coe}: the callback's own shape, and the details' richer one. */
    static final List<String> COE = List.of("""
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"COMPLETED","result":"VALID",
             "reasonCode":""}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"COMPLETED","result":"INVALID",
             "reasonCode":"NOT_EKTP","processedAt":"2026-05-08T10:30:00Z","flow":"KTP_SCAN"}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"KTP_SCAN",
             "partnerSessionId":"session-abc-001","status":"COMPLETED","result":"VALID","reasonCode":"",
             "processedAt":"2026-04-29T08:00:00Z","submissionDetails":{
               "ktpData":{"nik":"3208201808850001","name":"Siti Rahayu","dateOfBirth":"18-02-1960",
                 "province":"JAWA TIMUR","city":"KOTA SURABAYA","gender":"female","rt":"008","rw":"020"},
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS"},
               "imageUrls":{"KTP":"https://sample-image.com/ktp.jpg"}}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","status":"ERROR","result":null,
             "reasonCode":"SYSTEM_ERROR"}
            """);

    /**
     * About an identity verification, on {@code /callbacks/siv}: the platform names its own id only here, so the
     * service finds the verification by its session, or by its partner user when the message names no session.
     */
    static final List<String> SIV = List.of("""
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"STANDALONE_IDENTITY_VERIFICATION",
             "userId":"user-12345","userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001",
             "status":"COMPLETED","result":"VALID","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"PASS","dateOfBirth":"PASS","selfie":"PASS"},
               "ktpData":{"nik":"3208201808850001","name":"JOHN DOE","region":"SEMARANG","dateOfBirth":"18-02-1960",
                 "bloodType":"-","religion":"KRISTEN","province":"JAWA TIMUR","city":"KOTA SURABAYA",
                 "address":"SEMARANG SELATAN","district":"WAYANG","town":"BUBUTAN","gender":"male","rt":"008",
                 "rw":"020","occupation":"PELAJAR/MAHASISWA","validUntil":"","citizenship":"INDONESIA",
                 "maritalStatus":"BELUM KAWIN","issuanceDate":"28-12-2017"},
               "certificateRegistration":{"registrationId":"0b0e2f7c-1111-4a4a-9c9c-123456789abc",
                 "eligibleToActivate":true,"onboardingCode":"NEW_USER","shouldSkipActivation":true},
               "imageUrls":{"KTP":"https://sample-image.com/ktp.jpg","SELFIE":"https://sample-image.com/selfie.jpg"}}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"STANDALONE_IDENTITY_VERIFICATION",
             "userId":"user-12345","userIdType":"CLIENT_X_USER_ID","partnerSessionId":"session-abc-001",
             "status":"COMPLETED","result":"REJECTED","reasonCode":"NOT_EKTP","processedAt":"2026-05-08T10:30:00Z",
             "submissionDetails":{
               "verificationResult":{"nik":"FAIL","name":"FAIL","dateOfBirth":"FAIL","selfie":"PASS"},
               "rejectionReasonTranslations":{
                 "en_ID":{"title":"Verification rejected","message":"ID submitted is not eKTP"},
                 "id_ID":{"title":"Verifikasi ditolak","message":"KTP yang dikirim bukan eKTP"}}}}
            """, """
            {"submissionId":"8a0aef3d-0e27-4a7e-a4ba-2e1b97bcb00c","flow":"STANDALONE_IDENTITY_VERIFICATION",
             "userId":"user-12345","userIdType":"CLIENT_X_USER_ID","status":"COMPLETED","result":"INVALID",
             "reasonCode":"DUKCAPIL_REJECTED","processedAt":"2026-05-08T10:30:00Z","submissionDetails":{
               "verificationResult":{"nik":"PASS","name":"FAIL","dateOfBirth":"PASS","selfie":"PASS"}}}
            """);

    private ChannelSeeds() {
    }

    /** The seeds with the placeholders replaced by the ids of the submission they are aimed at. */
    static List<String> aimedAt(List<String> seeds, String platformId, String session, String user) {
        return seeds.stream().map(seed -> seed.replace(PLATFORM_ID, platformId).replace(SESSION, session)
                .replace(USER, user)).toList();
    }
}
