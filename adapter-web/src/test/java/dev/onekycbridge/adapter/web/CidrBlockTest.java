package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrBlockTest {
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "203.0.113.0/24, 203.0.113.0, true",
            "203.0.113.0/24, 203.0.113.255, true",
            "203.0.113.0/24, 203.0.114.1, false",
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "0.0.0.0/0, 198.51.100.7, true",
            "192.0.2.7, 192.0.2.7, true",
            "192.0.2.7, 192.0.2.8, false",
            "192.0.2.128/25, 192.0.2.127, false",
            "192.0.2.128/25, 192.0.2.129, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8:abcd:12::/64, 2001:db8:abcd:12:ffff:ffff:ffff:ffff, true",
            "2001:db8:abcd:12::/64, 2001:db8:abcd:13::, false",
            "::1/128, ::1, true",
            "::1/128, ::2, false",
            "::/0, fe80::1, true",
            "203.0.113.0/24, ::ffff:203.0.113.9, true",
            "::ffff:203.0.113.0/120, 203.0.113.9, true",
            "203.0.113.0/24, 2001:db8::1, false",
            "2001:db8::/32, 203.0.113.9, false",
            "fe80::/10, fe80::1%eth0, true",
    })
    void containsExactlyTheAddressesOfItsPrefix(String block, String address, boolean contained) {
        assertThat(CidrBlock.parse(block, "test").contains(IpLiteral.parse(address))).isEqualTo(contained);
    }

    @ParameterizedTest(name = "''{0}'' is not a block")
    @ValueSource(strings = {"", "203.0.113.0/33", "2001:db8::/129", "203.0.113/24", "example.com",
            "203.0.113.0/", "203.0.113.0/-1", "1.2.3.4/ 8", "::ffff:1.2.3.4/95"})
    void malformedBlocksAreRefusedNamingTheSetting(String text) {
        assertThatThrownBy(() -> CidrBlock.parse(text, "allowedCallbackCidrs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowedCallbackCidrs");
    }

    @Test
    void anAddressThatCannotBeReadIsNeverContained() {
        assertThat(CidrBlock.parse("0.0.0.0/0", "test").contains(null)).isFalse();
    }
}
