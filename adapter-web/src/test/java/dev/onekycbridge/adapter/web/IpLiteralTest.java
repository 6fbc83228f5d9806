package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({
            "192.0.2.1, 192.0.2.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "2001:db8::1, 2001:db8:0:0:0:0:0:1",
            "2001:DB8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
            "::, 0:0:0:0:0:0:0:0",
            "::1, 0:0:0:0:0:0:0:1",
            "1::, 1:0:0:0:0:0:0:0",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
            "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
            "fe80::1%eth0, fe80:0:0:0:0:0:0:1",
            "::ffff:192.0.2.1, 192.0.2.1",
            "0:0:0:0:0:ffff:c000:0201, 192.0.2.1",
            "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
    })
    void literalsAreReadByHand(String text, String expected) {
        assertThat(IpLiteral.parse(text)).hasToString(expected);
    }

    @ParameterizedTest(name = "''{0}'' is not an address")
    @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
            "1.2.3.-4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7",
            "1.2.3.4::", "g::1", "::1.2.3", " "})
    void anythingElseIsNotAnAddress(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @ParameterizedTest(name = "forwarded ''{0}'' is {1}")
    @CsvSource({
            "203.0.113.9, 203.0.113.9",
            "' 203.0.113.9 ', 203.0.113.9",
            "203.0.113.9:4711, 203.0.113.9",
            "[2001:db8::7]:443, 2001:db8:0:0:0:0:0:7",
            "[2001:db8::7], 2001:db8:0:0:0:0:0:7",
            "2001:db8::7, 2001:db8:0:0:0:0:0:7",
            "'\"203.0.113.9\"', 203.0.113.9",
    })
    void forwardedElementsMayCarryPortsAndBrackets(String element, String expected) {
        assertThat(IpLiteral.parseForwarded(element)).hasToString(expected);
    }

    @Test
    void obfuscatedOrUnknownForwardedElementsAreNotAddresses() {
        assertThat(IpLiteral.parseForwarded("unknown")).isNull();
        assertThat(IpLiteral.parseForwarded("_hidden")).isNull();
        assertThat(IpLiteral.parseForwarded("[2001:db8::7")).isNull();
    }
}
