package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

class SandboxExtensionTest {

    @Test
    void aNestedClassSharesTheEnclosingClassesSandboxWhichStopsWithTheOutermostClass() {
        SandboxExtension extension = new SandboxExtension();

        // What JUnit calls on a static-field extension for a class with one @Nested class.
        extension.beforeAll(null);
        String enclosing = extension.baseUrl();
        extension.beforeAll(null);
        extension.beforeEach(null);
        String nested = extension.baseUrl();
        extension.afterEach(null);
        extension.afterAll(null);
        int stillUp = new Http(enclosing).get("/_sandbox/health").status();
        extension.afterAll(null);

        assertThat(nested).isEqualTo(enclosing);
        assertThat(stillUp).isEqualTo(200);
        assertThatThrownBy(() -> new Http(enclosing).get("/_sandbox/health")).isInstanceOf(UncheckedIOException.class);
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class RegisteredOnAStaticField {

        @RegisterExtension
        static final SandboxExtension SANDBOX = new SandboxExtension();

        private static int firstPort;

        @Test
        @Order(1)
        void aTestLeavesStateBehind() {
            firstPort = SANDBOX.port();
            new Platform(new Http(SANDBOX.baseUrl())).certRegUrls(
                    new Platform(new Http(SANDBOX.baseUrl())).esignToken(), "user-1");
            SANDBOX.control().updateConfig(c -> c.withDefaultScenario(Scenario.SYSTEM_ERROR));

            assertThat(new Http(SANDBOX.baseUrl()).get("/_sandbox/submissions").json()
                    .getJsonArray("submissions")).hasSize(1);
        }

        @Test
        @Order(2)
        void theNextTestStartsFromAResetSandboxOnTheSamePort() {
            assertThat(SANDBOX.port()).isEqualTo(firstPort);
            assertThat(new Http(SANDBOX.baseUrl()).get("/_sandbox/submissions").json()
                    .getJsonArray("submissions")).isEmpty();
            assertThat(SANDBOX.control().config().defaultScenario()).isEqualTo(Scenario.VALID);
        }
    }

    @Nested
    class RegisteredOnAnInstanceField {

        @RegisterExtension
        final SandboxExtension sandbox = new SandboxExtension();

        @Test
        void theSandboxRunsForTheTest() {
            assertThat(new Http(sandbox.baseUrl()).get("/_sandbox/health").status()).isEqualTo(200);
            assertThat(sandbox.server().port()).isEqualTo(sandbox.port());
        }
    }
}
