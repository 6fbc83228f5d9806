package dev.onekycbridge.sandbox.model;

/** Values read from an eKTP by OCR, as the platform reports them: strings, upper case, Indonesian. */
public record KtpData(
        String nik,
        String name,
        String region,
        String dateOfBirth,
        String bloodType,
        String religion,
        String province,
        String city,
        String address,
        String district,
        String town,
        String gender,
        String rt,
        String rw,
        String occupation,
        String validUntil,
        String citizenship,
        String maritalStatus,
        String issuanceDate) {
}
