package dev.onekycbridge.core.identity;

/** Optional facts about the device on which the user consented; the platform takes them as given. */
public record DeviceDetails(String os, String make, String model, String uniqueId, String networkProvider,
                            String appId, String appVersion) {
}
