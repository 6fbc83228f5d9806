package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentContextTest {
    private final IpAddress ip = new IpAddress("203.0.113.7");

    @Test
    void holdsTheUserAgentTheAddressAndOptionalDeviceDetails() {
        var device = new DeviceDetails("Android 14", "Samsung", "SM-S918B", "device-1", "Telkomsel", "id.partner.app",
                "5.2.0");

        var context = new ConsentContext("Mozilla/5.0 (Linux; Android 14)", ip, device);

        assertThat(context.userIp()).isEqualTo(ip);
        assertThat(context.deviceDetails()).isEqualTo(device);
        assertThat(device.appVersion()).isEqualTo("5.2.0");
    }

    @Test
    void deviceDetailsAreOptional() {
        assertThat(new ConsentContext("Mozilla/5.0", ip, null).deviceDetails()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\u200B", "\u00A0\u202F"})
    void requiresAUserAgent(String userAgent) {
        var rejection = assertRejected(userAgent, "userAgent", () -> new ConsentContext(userAgent, ip, null));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void acceptsAUserAgentOf1024CharactersAndRejects1025() {
        assertThat(new ConsentContext("a".repeat(1024), ip, null).userAgent()).hasSize(1024);

        String tooLong = "a".repeat(1025);
        var rejection = assertRejected(tooLong, "userAgent", () -> new ConsentContext(tooLong, ip, null));
        assertThat(rejection.reason()).isEqualTo("must be at most 1024 characters");
    }

    @Test
    void requiresAnAddress() {
        assertThatNullPointerException().isThrownBy(() -> new ConsentContext("Mozilla/5.0", null, null))
                .withMessage("userIp");
    }
}
