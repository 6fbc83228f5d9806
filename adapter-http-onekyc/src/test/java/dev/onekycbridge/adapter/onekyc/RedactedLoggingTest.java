package dev.onekycbridge.adapter.onekyc;

import static dev.onekycbridge.adapter.onekyc.TestPlatform.error;
import static dev.onekycbridge.adapter.onekyc.TestPlatform.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.document.DocumentKind;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.document.ImageType;
import dev.onekycbridge.core.submission.FlowType;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedactedLoggingTest {
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger PACKAGE_LOGGER = Logger.getLogger("dev.onekycbridge.adapter.onekyc");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getLoggerName() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    private final TestPlatform platform = new TestPlatform();
    private OneKycClient client;

    @BeforeEach
    void captureDebugOutput() {
        previousLevel = PACKAGE_LOGGER.getLevel();
        PACKAGE_LOGGER.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        PACKAGE_LOGGER.addHandler(capture);
        client = platform.client();
    }

    @AfterEach
    void stop() throws Exception {
        PACKAGE_LOGGER.removeHandler(capture);
        PACKAGE_LOGGER.setLevel(previousLevel);
        client.close();
        platform.close();
    }

    /** System.Logger's DEBUG is java.util.logging's FINE. */
    @Test
    void everyFlowIsLoggedWithMethodPathStatusAndDurationButNoSecretOrPersonalValue() {
        platform.esignTokens.enqueue(platform.token("esign-secret-token"));
        platform.coeTokens.enqueue(platform.token("coe-user-secret-token"));
        platform.coeTokens.enqueue(platform.token("coe-partner-secret-token"));
        platform.gateway.enqueue(ok(TestPlatform.esignUploadUrls()));
        platform.gateway.enqueue(error(503, "903", "SERVICE_UNAVAILABLE"));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\"}"));
        platform.gateway.enqueue(error(401, "110", "UNAUTHORIZED"));
        platform.esignTokens.enqueue(platform.token("esign-second-secret-token"));
        platform.gateway.enqueue(ok("{\"token\":\"sdk-secret-token\"}"));
        platform.gateway.enqueue(ok(DecoderExamples.SIV_COMPLETED));
        platform.gateway.enqueue(ok("{\"submissionId\":\"" + TestData.SUBMISSION_ID + "\",\"status\":\"COMPLETED\"}"));
        platform.gateway.enqueue(ok(DecoderExamples.COE_MINIMAL));
        platform.storage.enqueue(new MockResponse().setResponseCode(200));
        URI presigned = platform.storage.url("/CERT_REG/93134121_KTP?X-Amz-Credential=AKIDSECRET&X-Amz-Signature=sig-secret").uri();

        client.requestUploadUrls(TestData.ref(FlowType.CERT_REG));
        client.confirm(TestData.ref(FlowType.CERT_REG), TestData.registration());
        client.initiateVerification(TestData.ref(FlowType.SIV), TestData.webVerification());
        client.fetchResult(TestData.ref(FlowType.SIV));
        client.fetchResult(TestData.ref(FlowType.KTP_SCAN));
        client.upload(presigned, TestData.facts(DocumentKind.KTP, ImageType.JPEG, 4),
                DocumentSource.ofBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));

        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("FINE dev\\.onekycbridge\\.adapter\\.onekyc\\.http PUT http://.+/esign-partner/v1/"
                        + "submissions/urls -> 503 in \\d+ ms"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("GET ").contains("/v1/esign/partner/authentication -> 200"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("POST ").contains("/esign-partner/v1/initiate-flow -> 401"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("PUT ").contains("/CERT_REG/93134121_KTP -> 200"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("esign.confirm answered HTTP 503"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("esign.initiateFlow got HTTP 401"));

        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(
                // secrets
                TestData.CLIENT_ID, TestData.PASS_KEY, "secret-token", "x-onekyc-token", "pass-key", "client-id",
                "AKIDSECRET", "sig-secret", "X-Amz", "?",
                // personal data of confirm and initiate flow
                TestData.NIK, TestData.NAME, TestData.EMAIL, TestData.PHONE, TestData.USER_IP,
                TestData.EMAIL_REFERENCE, TestData.PHONE_REFERENCE,
                // personal data of results
                "JOHN DOE", "3208201808850001", "SEMARANG",
                // partner user and session identifiers travel in headers only
                TestData.USER_ID, TestData.SESSION_ID);
    }

    @Test
    void nothingIsLoggedWhenDebugIsOff() {
        PACKAGE_LOGGER.setLevel(Level.INFO);
        platform.esignTokens.enqueue(platform.token("t"));
        platform.gateway.enqueue(ok(DecoderExamples.CERT_REG_COMPLETED_VALID));

        client.fetchResult(TestData.ref(FlowType.CERT_REG));

        assertThat(lines).isEmpty();
    }

    @Test
    void aFailedExchangeIsLoggedWithTheKindOfFailureOnly() {
        platform.esignTokens.enqueue(platform.token("t"));
        for (int i = 0; i < 3; i++) {
            platform.gateway.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_AT_START));
        }

        try {
            client.fetchResult(TestData.ref(FlowType.CERT_REG));
        } catch (RuntimeException expected) {
            // the call fails; the log is what matters here
        }

        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("FINE .+ GET http://.+/esign-partner/v1/submissions failed after \\d+ ms: \\w+"));
    }
}
