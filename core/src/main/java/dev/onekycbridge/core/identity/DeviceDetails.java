package dev.onekycbridge.core.identity;

/** Optional facts about the device on which the user consented; the platform takes them as given. */
public record DeviceDetails(String os, String make, String model, String uniqueId, String networkProvider,
                            String appId, String appVersion) {
    /** The unique id names one person's device: it is masked like the other personal values. */
    @Override
    public String toString() {
        return "DeviceDetails[os=" + os + ", make=" + make + ", model=" + model + ", uniqueId="
                + Redaction.mask(uniqueId) + ", networkProvider=" + networkProvider + ", appId=" + appId
                + ", appVersion=" + appVersion + "]";
    }
}
