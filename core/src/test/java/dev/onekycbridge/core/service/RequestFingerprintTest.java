package dev.onekycbridge.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.identity.DeviceDetails;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {
    /** The device details' record as earlier builds had it: its default text is what they hashed. */
    private static final class Earlier {
        private record DeviceDetails(String os, String make, String model, String uniqueId, String networkProvider,
                                     String appId, String appVersion) {
        }
    }

    @Test
    void deviceDetailsAreHashedAsEarlierBuildsHashedThemSoThatTheirStoredFingerprintsStillMatch() {
        DeviceDetails device = new DeviceDetails("Android 14", "Samsung", "SM-A546E", "a3f9c2d4-device-77",
                "Telkomsel", null, "3.2.1");
        Earlier.DeviceDetails earlier = new Earlier.DeviceDetails("Android 14", "Samsung", "SM-A546E",
                "a3f9c2d4-device-77", "Telkomsel", null, "3.2.1");

        assertThat(new RequestFingerprint().add(device).hex())
                .isEqualTo(new RequestFingerprint().add((Object) earlier.toString()).hex());
        assertThat(new RequestFingerprint().add((DeviceDetails) null).hex())
                .isEqualTo(new RequestFingerprint().add((Object) null).hex());
    }

    @Test
    void twoDevicesWhoseUniqueIdsDifferAreTwoRequests() {
        DeviceDetails one = new DeviceDetails("Android 14", "Samsung", "SM-A546E", "device-0001", null, null, null);
        DeviceDetails other = new DeviceDetails("Android 14", "Samsung", "SM-A546E", "device-0002", null, null, null);

        assertThat(new RequestFingerprint().add(one).hex()).isNotEqualTo(new RequestFingerprint().add(other).hex());
    }
}
