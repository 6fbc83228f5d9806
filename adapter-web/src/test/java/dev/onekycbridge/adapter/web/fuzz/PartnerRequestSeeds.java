package dev.onekycbridge.adapter.web.fuzz;

import java.util.List;

/**
 * The seed documents for the partner API: a certificate registration's {@code details} (the platform's field
 * names, as the service contract says), a KTP scan's {@code details}, and identity verification bodies for the
 * web and the mobile SDK. {@value #USER} is replaced per case so that valid cases do not collide.
 */
final class PartnerRequestSeeds {
    static final String USER = "fuzz-user";
    private static final long CONSENT_AT = FuzzBridge.NOW.minusSeconds(86_400).toEpochMilli();

    static final String REGISTRATION = """
            {"partnerUserId":"fuzz-user","partnerUserIdType":"CLIENT_X_USER_ID",
             "userDetails":{"name":"Siti Rahayu Lestari","nik":"3171015505900001","dateOfBirth":"15-05-1990",
               "email":"siti.lestari@example.co.id","phoneNumber":"6281234567890",
               "dataVerification":{"email":{"isVerified":true,"verificationReferenceId":"email-ver-1"},
                 "phoneNumber":{"isVerified":true,"verificationReferenceId":"phone-ver-1"}}},
             "userLocale":"en_ID",
             "consentData":[{"entity":"Digi","consentType":"termsAndConditions","consentGiven":true,
               "details":{"en_ID":{"url":"https://partner.example/terms/en","text":"I agree to the terms"},
                 "id_ID":{"url":"https://partner.example/terms/id","text":"Saya setuju dengan syarat dan ketentuan"}},
               "timeStamp":CONSENT_AT,
               "additionalDetails":{"userAgent":"Mozilla/5.0 (Linux; Android 14)","userIp":"203.0.113.7",
                 "deviceDetails":{"os":"Android","make":"Acme","model":"A1","uniqueId":"dev-1",
                   "networkProvider":"XL","appId":"app","appVersion":"1.0"}}}],
             "additionalData":{"channel":"app","attempt":2}}
            """.replace("CONSENT_AT", Long.toString(CONSENT_AT));

    /** The same registration with the NIK as a JSON number, a phone in its 08 form and an ISO timestamp. */
    static final String REGISTRATION_VARIANT = """
            {"partnerUserId":"fuzz-user","partnerUserIdType":"CLIENT_X_USER_ID",
             "userDetails":{"name":"Siti Rahayu Lestari","nik":3171015505900001,"dateOfBirth":"15-05-1990",
               "phoneNumber":"081234567890",
               "dataVerification":{"phoneNumber":{"isVerified":true,"verificationReferenceId":"phone-ver-1"}}},
             "userLocale":"id_ID",
             "consentData":[{"entity":"Digi","consentType":"termsAndConditions","consentGiven":true,
               "details":{"id_ID":{"url":"https://partner.example/terms/id","text":"Saya setuju"}},
               "timestamp":"CONSENT_ISO",
               "additionalDetails":{"userAgent":"okhttp/4.12","userIp":"2001:db8::7"}}]}
            """.replace("CONSENT_ISO", FuzzBridge.NOW.minusSeconds(3600).toString());

    static final String KTP_SCAN = """
            {"partnerUserId":"fuzz-user","partnerUserIdType":"CLIENT_X_USER_ID"}
            """;

    static final String VERIFICATION_WEB = """
            {"partnerUserId":"fuzz-user","partnerUserIdType":"CLIENT_X_USER_ID",
             "email":"siti.lestari@example.co.id","phoneNumber":"+6281234567890",
             "dataVerification":{"email":{"isVerified":true,"verificationReferenceId":"email-ver-1"},
               "phoneNumber":{"isVerified":true,"verificationReferenceId":"phone-ver-1"}},
             "source":"WEB_SDK","successRedirectionUrl":"https://partner.example/siv/success",
             "failureRedirectionUrl":"https://partner.example/siv/failure","userLocale":"id_ID"}
            """;

    static final String VERIFICATION_SDK = """
            {"partnerUserId":"fuzz-user","partnerUserIdType":"CLIENT_X_USER_ID","phoneNumber":"081234567890",
             "dataVerification":{"phoneNumber":{"isVerified":true,"verificationReferenceId":"otp-1"}},
             "source":"SDK","userLocale":"en_ID"}
            """;

    static final List<String> REGISTRATIONS = List.of(REGISTRATION, REGISTRATION_VARIANT);
    static final List<String> KTP_SCANS = List.of(KTP_SCAN, REGISTRATION);
    static final List<String> VERIFICATIONS = List.of(VERIFICATION_WEB, VERIFICATION_SDK);

    private PartnerRequestSeeds() {
    }

    /** The bytes with every {@value #USER} replaced by a user of this case. */
    static byte[] forUser(byte[] bytes, String user) {
        byte[] from = USER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] to = user.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length + 16);
        int i = 0;
        while (i < bytes.length) {
            if (i + from.length <= bytes.length && java.util.Arrays.equals(bytes, i, i + from.length, from, 0,
                    from.length)) {
                out.writeBytes(to);
                i += from.length;
            } else {
                out.write(bytes[i++]);
            }
        }
        return out.toByteArray();
    }
}
