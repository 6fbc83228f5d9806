package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The use cases do JDBC and HTTP: none of them may ever run on an event-loop thread. */
class EventLoopTest extends BridgeTest {

    @Test
    void everyUseCaseRunsOnAWorkerThreadNeverOnTheEventLoop() {
        String id = bridge.postMultipart("/v1/certificate-registrations", Requests.registration())
                .json().getString("id");
        bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-loop"));
        bridge.postJson("/v1/identity-verifications", Requests.identityVerification("user-loop").encode());
        bridge.get("/v1/submissions/" + id);
        bridge.get("/v1/submissions?limit=5");
        bridge.send("POST", "/callbacks/esign", JsonMessageDecoder.message("x-1", "COMPLETED", "VALID").encode()
                .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        bridge.get("/health/ready");
        bridge.get("/metrics");

        assertThat(bridge.useCaseThreads).extracting(line -> line.substring(0, line.indexOf(' ')))
                .contains("startCertificateRegistration", "startKtpScan", "startIdentityVerification",
                        "getSubmission", "listSubmissions", "acceptCallback", "readiness",
                        "catalog.countByStatus");
        assertThat(bridge.useCaseThreads).allSatisfy(line -> assertThat(line).endsWith("onEventLoop=false"));
    }
}
