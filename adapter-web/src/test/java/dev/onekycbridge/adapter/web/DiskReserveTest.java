package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registration that would eat into the disk reserve, over HTTP on loopback; callbacks are still taken. */
class DiskReserveTest extends VertxTest {
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    private TestBridge bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aRegistrationThatWouldLeaveLessThanTheReserveIsRefused503UnreadAndCallbacksAreStillStored()
            throws Exception {
        long free = free(Path.of(System.getProperty("java.io.tmpdir")));
        bridge = TestBridge.start(vertx, config -> config.withDiskReserve(new DiskReserve(free + GIB, List.of())));
        Multipart registration = Requests.registration();

        String refusal;
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(15_000);
            RawHttp.askToSend(socket, "/v1/certificate-registrations", registration.contentType(),
                    registration.body().length);
            refusal = RawHttp.readUntilClosed(socket);
        }

        assertThat(refusal).as("answered without a 100 Continue: the body is never sent").startsWith("HTTP/1.1 503")
                .containsIgnoringCase("retry-after: " + FailureHandler.RETRY_AFTER_SECONDS)
                .containsIgnoringCase("connection: close");
        JsonObject problem = new JsonObject(refusal.substring(refusal.indexOf("\r\n\r\n") + 4));
        assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:unavailable");
        assertThat(problem.getString("detail")).contains("disk space");
        assertThat(CertificateRegistrationApiTest.fields(problem)).containsExactly("body");
        assertThat(bridge.useCaseThreads).isEmpty();
        assertThat(bridge.staged.count()).isZero();
        try (var left = Files.list(bridge.uploadsDirectory())) {
            assertThat(left.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME))).isEmpty();
        }
        assertThat(bridge.metrics.scrape(null)).contains("onekyc_bridge_http_disk_reserve_refusals_total 1");

        HttpResponseData callback = bridge.postJson(WebRouter.CALLBACK_ESIGN,
                JsonMessageDecoder.message("aaaaaaaa-0000-4000-8000-00000000d15c", "COMPLETED", "VALID").encode());
        assertThat(callback.status()).isEqualTo(200);
        assertThat(bridge.inbox.all()).hasSize(1);
    }

    @Test
    void refusalsForDiskAreWarnedAboutOnceAMinuteNotOnceARequest() throws Exception {
        long free = free(Path.of(System.getProperty("java.io.tmpdir")));
        bridge = TestBridge.start(vertx, config -> config.withDiskReserve(new DiskReserve(free + GIB, List.of())));
        Multipart registration = Requests.registration();

        try (CapturedLogs logs = CapturedLogs.of(UploadsGuard.class)) {
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
                    socket.setSoTimeout(15_000);
                    RawHttp.askToSend(socket, "/v1/certificate-registrations", registration.contentType(),
                            registration.body().length);
                    assertThat(RawHttp.readUntilClosed(socket)).startsWith("HTTP/1.1 503");
                }
            }

            assertThat(logs.at(Level.WARNING)).singleElement().asString()
                    .startsWith("requests are refused with 503 because their bodies would leave less than the disk"
                            + " reserve free")
                    .endsWith("(1 since the last such line; latest POST /v1/certificate-registrations)");
        }
        assertThat(bridge.metrics.scrape(null)).contains("onekyc_bridge_http_disk_reserve_refusals_total 3");
    }

    @Test
    void aBodyDeclaredOverTheRequestLimitIsRefused413AsTooLargeNotAsDiskFull() throws Exception {
        long free = free(Path.of(System.getProperty("java.io.tmpdir")));
        bridge = TestBridge.start(vertx, config -> config.withDiskReserve(new DiskReserve(free + GIB, List.of())));
        long limit = WebConfig.defaults().requestBodyLimit();

        for (long declared : List.of(limit + 1, free + GIB, 100_000_000_000L)) {
            String refusal;
            try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
                socket.setSoTimeout(15_000);
                RawHttp.askToSend(socket, "/v1/ktp-scans", "multipart/form-data; boundary=XB", declared);
                refusal = RawHttp.readUntilClosed(socket);
            }

            assertThat(refusal).as("declared %d", declared).startsWith("HTTP/1.1 413")
                    .doesNotContainIgnoringCase("retry-after");
            JsonObject problem = new JsonObject(refusal.substring(refusal.indexOf("\r\n\r\n") + 4));
            assertThat(problem.getString("type")).isEqualTo("urn:onekyc-bridge:problem:payload-too-large");
            assertThat(CertificateRegistrationApiTest.fields(problem)).containsExactly("body");
        }
        assertThat(bridge.metrics.scrape(null)).contains("onekyc_bridge_http_disk_reserve_refusals_total 0");
    }

    /** Twenty scans of 3 MiB one after another, each leaving 48 MiB of room: taken only if each gives it back. */
    @Test
    void aRegistrationThatLeavesTheReserveFreeIsTakenAndGivesItsRoomBack() throws Exception {
        long free = free(Path.of(System.getProperty("java.io.tmpdir")));
        bridge = TestBridge.start(vertx, config -> config.withDiskReserve(
                new DiskReserve(free - 48 * MIB, List.of())));
        byte[] ktp = TestData.jpeg((int) (3 * MIB));

        for (int i = 0; i < 20; i++) {
            Multipart scan = new Multipart()
                    .text("details", new JsonObject().put("partnerUserId", "room-" + i)
                            .put("partnerUserIdType", TestData.PARTNER_USER_ID_TYPE).encode())
                    .file("ktp", "ktp.jpg", "image/jpeg", ktp);
            assertThat(bridge.postMultipart("/v1/ktp-scans", scan).status()).as("scan " + i).isEqualTo(202);
        }
        assertThat(bridge.metrics.scrape(null)).contains("onekyc_bridge_http_disk_reserve_refusals_total 0");
    }

    /** The free space of the temporary folders' disk, where the test bridge's uploads directory is. */
    private static long free(Path folder) throws IOException {
        long usable = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(usable > 2 * GIB, "at least 2 GiB free beside the uploads directory");
        return usable;
    }
}
