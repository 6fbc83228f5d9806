package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
    private static final String REASON = "must be a valid IPv4 or IPv6 address";

    private static void assertRejectedIp(String text) {
        var rejection = assertRejected(text, "userIp", () -> new IpAddress(text));
        assertThat(rejection.reason()).isEqualTo(REASON);
    }

    @Nested
    class Ipv4 {
        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "203.0.113.7", "192.168.1.1", "10.0.0.1",
                "127.0.0.1", "1.2.3.4", "199.249.250.251"})
        void acceptsDottedQuads(String text) {
            assertThat(new IpAddress(text).value()).isEqualTo(text);
        }

        @ParameterizedTest
        @ValueSource(strings = {"256.0.0.1", "1.256.3.4", "1.2.3.256", "999.1.1.1", "1.2.3", "1.2.3.4.5",
                "01.2.3.4", "1.2.3.04", "1.2.3.-1", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4/24", "1.2.3.4:80",
                "0x7f.0.0.1", "2130706433", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "١.٢.٣.٤"})
        void rejectsAnythingButFourDecimalOctets(String text) {
            assertRejectedIp(text);
        }
    }

    @Nested
    class Ipv6 {
        @ParameterizedTest
        @ValueSource(strings = {
                "::1", "::", "2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329",
                "2001:DB8::1", "fe80::1", "1::", "::ffff:192.0.2.128", "::ffff:c000:280", "64:ff9b::203.0.113.7",
                "1:2:3:4:5:6:7:8"})
        void acceptsFullCompressedAndIpv4MappedForms(String text) {
            assertThat(new IpAddress(text).value()).isEqualTo(text);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "2001:db8::1::2", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":::", "::g", "1:2",
                "[::1]", "fe80::1%eth0", "fe80::1%1", "::ffff:256.1.1.1", "::1/128", " ::1", "::1 ", "2001:db8:::1"})
        void rejectsMalformedAddresses(String text) {
            assertRejectedIp(text);
        }
    }

    @Nested
    class HostNamesAndGarbage {
        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        void rejectsAMissingAddress(String text) {
            assertRejectedIp(text);
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "example.com", "ip6-localhost", "dead.beef", "cafe", "not an ip",
                "http://203.0.113.7/", "203.0.113.7, 10.0.0.1", "abc:def", "dead:beef"})
        void rejectsHostNamesAndGarbage(String text) {
            assertRejectedIp(text);
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "example.com", "ip6-localhost", "abc:def", "dead:beef", "::1",
                "2001:db8::1", "::g", "1:2", "203.0.113.7", "not an ip"})
        void neverResolvesANameWhileParsing(String text) {
            List<String> lookups = recordNameLookups(() -> {
                try {
                    new IpAddress(text);
                } catch (IllegalArgumentException expected) {
                    // rejected or accepted: only the lookups matter here
                }
            });

            assertThat(lookups).as("name lookups while parsing <%s>", text).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {".::1", ".:", "..:1"})
        void neverResolvesTextThatStartsWithADot(String text) {
            List<String> lookups = recordNameLookups(() -> {
                try {
                    new IpAddress(text);
                } catch (IllegalArgumentException expected) {
                    // only the lookups matter here
                }
            });

            assertThat(lookups).as("name lookups while parsing <%s>", text).isEmpty();
        }

        @Test
        void rejectsTextThatStartsWithADot() {
            // Rejected all the same, whatever the resolver answers for such a name.
            assertRejectedIp(".::1");
        }
    }

    @Nested
    class Parsing {
        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "\t", "\u00A0", "\uFEFF"})
        void reportsAMissingAddressAsRequired(String text) {
            var rejection = assertRejected(text, "userIp", () -> IpAddress.parse(text));
            assertThat(rejection.reason()).isEqualTo("is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "999.1.1.1", "::g", "1.2.3.4 5", "1.2.\u00A03.4"})
        void reportsTextThatIsNotAnAddressAsInvalid(String text) {
            var rejection = assertRejected(text, "userIp", () -> IpAddress.parse(text));
            assertThat(rejection.reason()).isEqualTo(REASON);
        }

        @ParameterizedTest
        @ValueSource(strings = {"203.0.113.7", "2001:db8::7"})
        void keepsAnAddressAsGiven(String text) {
            assertThat(IpAddress.parse(text)).isEqualTo(new IpAddress(text));
        }

        @ParameterizedTest
        @ValueSource(strings = {" 203.0.113.7", "203.0.113.7\n", "\u00A0203.0.113.7\u202F", "\uFEFF203.0.113.7"})
        void stripsSpacesAroundTheAddressAsOtherFieldsDo(String text) {
            assertThat(IpAddress.parse(text)).isEqualTo(new IpAddress("203.0.113.7"));
        }
    }

    @Test
    void toStringNeverShowsTheAddress() {
        assertThat(new IpAddress("203.0.113.7").toString()).doesNotContain("203").doesNotContain("113");
        assertThat(new IpAddress("2001:db8::1").toString()).doesNotContain("2001").doesNotContain("db8");
    }

    /**
     * Runs {@code action} and returns the host names it asked the JDK to resolve: {@code InetAddress} asks the
     * security manager for {@code checkConnect(host, -1)} before every lookup, and never for a literal address.
     */
    @SuppressWarnings("removal")
    private static List<String> recordNameLookups(Runnable action) {
        Thread caller = Thread.currentThread();
        List<String> lookups = Collections.synchronizedList(new ArrayList<>());
        SecurityManager previous = System.getSecurityManager();
        SecurityManager recorder = new SecurityManager() {
            @Override
            public void checkPermission(Permission permission) {
            }

            @Override
            public void checkPermission(Permission permission, Object context) {
            }

            @Override
            public void checkConnect(String host, int port) {
                if (port == -1 && Thread.currentThread() == caller) {
                    lookups.add(host);
                }
            }
        };
        try {
            System.setSecurityManager(recorder);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("this JVM does not allow a security manager to observe name lookups");
        }
        try {
            action.run();
        } finally {
            System.setSecurityManager(previous);
        }
        return List.copyOf(lookups);
    }
}
