package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onekycbridge.core.testing.CapturedLogs;
import dev.onekycbridge.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The uploads directory seen from outside: what a multipart request leaves in it, and what it is made of. */
class UploadsOverHttpTest extends VertxTest {
    private static final long BODY_LIMIT = 64 * 1024;

    private TestBridge bridge;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void aChunkedBodyIsRefusedBeforeAnyPartBecomesAFile() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withRequestBodyLimit(BODY_LIMIT));
        byte[] image = TestData.jpeg(16 * 1024);
        String boundary = "----onekyc-chunked";

        String status;
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/ktp-scans HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Twelve image parts, 192 KiB in all, past the limit; the server may close the connection on any.
            for (int part = 0; part < 12; part++) {
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                chunk.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"ktp" + part
                        + "\"; filename=\"ktp.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                chunk.writeBytes(image);
                chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                if (!writeChunk(out, chunk.toByteArray())) {
                    break;
                }
            }
            if (writeChunk(out, ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII))) {
                writeChunk(out, new byte[0]);
            }
            status = RawHttp.line(socket.getInputStream());
        }

        assertThat(status).startsWith("HTTP/1.1 411");
        assertThat(awaitEmpty(bridge.uploadsDirectory())).as("files left in the uploads directory").isEmpty();
    }

    @Test
    void aPartOverTheLimitIsAProblem413WithoutALogLineAndLeavesNoUploadBehind() throws Exception {
        bridge = TestBridge.start(vertx, config -> config.withRequestBodyLimit(BODY_LIMIT));
        CapturedLogs logs = CapturedLogs.start();
        try {
            // The refusal races with the writing of the earlier parts' files: repeated, with the oversized part at
            // each place, so that a part still being written and one being closed are both met.
            for (int round = 0; round < 10; round++) {
                for (int oversized = 0; oversized < WebConfig.MAX_FORM_PARTS; oversized++) {
                    String head = postWithOversizedPart(oversized);

                    assertThat(head).as("part %d, round %d", oversized, round).startsWith("HTTP/1.1 413");
                    assertThat(head.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
                }
            }
        } finally {
            logs.close();
        }

        assertThat(awaitEmpty(bridge.uploadsDirectory())).as("files left in the uploads directory").isEmpty();
        assertThat(logs.warnings()).isEmpty();
    }

    /**
     * Sends as many image parts as a body may have, one of which declares a size past the limit; returns the
     * answer's head.
     */
    private String postWithOversizedPart(int oversized) throws IOException {
        byte[] image = TestData.jpeg(8 * 1024);
        String boundary = "----onekyc-declared";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int part = 0; part < WebConfig.MAX_FORM_PARTS; part++) {
            String declared = part == oversized ? "Content-Length: " + (BODY_LIMIT * 4) + "\r\n" : "";
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"ktp" + part
                    + "\"; filename=\"ktp.jpg\"\r\nContent-Type: image/jpeg\r\n" + declared + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(image);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST /v1/ktp-scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.size()
                        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the server stopped reading: its answer is read below
            }
            return RawHttp.responseHead(socket.getInputStream());
        }
    }

    @Test
    void aBodyThatEndsInsideAFilePartIsAProblem400AndLeavesNoUploadBehind() throws Exception {
        bridge = TestBridge.start(vertx);
        CapturedLogs logs = CapturedLogs.start();
        String boundary = "----onekyc-cut";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"details\"\r\n\r\n"
                + "{\"partnerUserId\":\"user-cut\",\"partnerUserIdType\":\"CLIENT_X_USER_ID\"}\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"ktp\"; filename=\"ktp.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(Requests.KTP_JPEG); // and no closing boundary

        String answer;
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout((int) UploadsGuard.UNFINISHED_PART_GRACE_MILLIS + 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/ktp-scans HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
                    + body.size() + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body.toByteArray());
            out.flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            logs.close();
        }

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
        io.vertx.core.json.JsonObject problem = new io.vertx.core.json.JsonObject(
                answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("body");
        assertThat(bridge.store.all()).isEmpty();
        assertThat(awaitEmpty(bridge.uploadsDirectory())).as("files left in the uploads directory").isEmpty();
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void theFilesOfAnAcceptedRequestAreDeletedOnceItIsAnswered() throws Exception {
        bridge = TestBridge.start(vertx);
        Path uploads = bridge.uploadsDirectory();
        // Also through the JDK's client as it comes, which asks to upgrade the connection to HTTP/2 (h2c): the
        // server, HTTP/1.1 only, declines, and the files must go all the same.
        java.net.http.HttpClient upgrading = java.net.http.HttpClient.newHttpClient();
        Multipart form = Requests.ktpScan("user-upgraded");
        java.net.http.HttpResponse<String> upgraded = upgrading.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + bridge.port() + "/v1/ktp-scans"))
                .header("Content-Type", form.contentType())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        HttpResponseData registration = bridge.postMultipart("/v1/certificate-registrations", Requests.registration());
        HttpResponseData scan = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-accepted"));

        assertThat(upgraded.statusCode()).isEqualTo(202);
        assertThat(registration.status()).isEqualTo(202);
        assertThat(scan.status()).isEqualTo(202);
        // The delete is under way as the answer goes out; give it a moment, not a timing assertion.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> left = Files.list(uploads)) {
                if (left.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME)).findAny()
                        .isEmpty()) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        try (Stream<Path> left = Files.list(uploads)) {
            assertThat(left.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME)))
                    .as("plain images of answered requests").isEmpty();
        }
    }

    @Test
    void anUploadsDirectoryRemovedWhileRunningIsMadeAgainForTheOwnerAlone() throws Exception {
        bridge = TestBridge.start(vertx);
        Path uploads = bridge.uploadsDirectory();
        assumeTrue(uploads.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Files.delete(uploads.resolve(UploadsLock.FILE_NAME)); // its lock stays with the server's open file
        Files.delete(uploads);

        HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-dir"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(uploads))).isEqualTo("rwx------");
    }

    @Test
    void anUploadsDirectoryReplacedByASymbolicLinkIsRefused() throws Exception {
        bridge = TestBridge.start(vertx);
        Path uploads = bridge.uploadsDirectory();
        assumeTrue(uploads.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path elsewhere = Files.createTempDirectory("onekyc-web-elsewhere");
        Files.delete(uploads.resolve(UploadsLock.FILE_NAME)); // its lock stays with the server's open file
        Files.delete(uploads);
        Files.createSymbolicLink(uploads, elsewhere);
        try {
            HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-link"));

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).doesNotContain(uploads.toString());
            try (Stream<Path> files = Files.list(elsewhere)) {
                assertThat(files).isEmpty();
            }
            assertThat(bridge.store.all()).isEmpty();
        } finally {
            Files.delete(uploads);
            Files.delete(elsewhere);
        }
    }

    @Test
    void anUploadsDirectoryMadeAgainByAnotherUserIsRefused() throws Exception {
        bridge = TestBridge.start(vertx);
        Path uploads = bridge.uploadsDirectory();
        assumeTrue(uploads.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-before")).status()).isEqualTo(202);
        assertThat(awaitEmpty(uploads)).isEmpty();
        Files.delete(uploads.resolve(UploadsLock.FILE_NAME)); // its lock stays with the server's open file
        Files.delete(uploads);
        Files.createDirectory(uploads);
        Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Files.setOwner(uploads, uploads.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody"));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "giving a directory away needs root and a 'nobody' user: " + e);
        }

        HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-other"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(list(uploads)).isEmpty();
        assertThat(bridge.store.all()).hasSize(1);
    }

    @Test
    void anUploadsDirectoryOpenedToOthersWhileRunningIsClosedAgain() throws Exception {
        bridge = TestBridge.start(vertx);
        Path uploads = bridge.uploadsDirectory();
        assumeTrue(uploads.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-first")).status()).isEqualTo(202);
        Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwxr-xr-x"));

        HttpResponseData response = bridge.postMultipart("/v1/ktp-scans", Requests.ktpScan("user-second"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(uploads))).isEqualTo("rwx------");
    }

    /** Writes one chunk; false once the server has closed the connection. */
    private static boolean writeChunk(OutputStream out, byte[] data) {
        try {
            out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The files in the directory once the server's asynchronous deletions have run (or after 5 seconds). */
    static List<Path> awaitEmpty(Path directory) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        List<Path> files = list(directory);
        while (!files.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            files = list(directory);
        }
        return files;
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME)).toList();
        }
    }
}
