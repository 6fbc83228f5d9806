package dev.onekycbridge.core.submission;

/**
 * The KTP fields the platform read from the image (SIV and KTP scan). All personal data: stored encrypted and
 * shown only when asked for.
 */
public record KtpData(String nik, String name, String region, String dateOfBirth, String bloodType,
                      String religion, String province, String city, String address, String district,
                      String town, String gender, String rt, String rw, String occupation, String validUntil,
                      String citizenship, String maritalStatus, String issuanceDate) {
    @Override
    public String toString() {
        return "KtpData[***]";
    }
}
