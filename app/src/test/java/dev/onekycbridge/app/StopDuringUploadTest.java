package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.TestData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} stopped by SIGTERM while a registration's images are still arriving: the JVM's shutdown hooks run
 * while the request is in flight, and the request is answered as any other, not with a 500.
 */
@Timeout(120)
class StopDuringUploadTest {
    private static final Pattern LISTENING = Pattern.compile("Listening on port (\\d+)");
    private static final String BOUNDARY = "stop-during-upload";

    @TempDir
    Path folder;

    @Test
    void aRegistrationWhoseImagesArriveAfterTheSignalIsStillAnswered() throws Exception {
        String details = Files.readString(RegistrationDetailsFile.write(folder, "stopped-upload"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.onekycbridge.app.Main", "serve", "--sandbox")).redirectErrorStream(true);
        builder.environment().put("BRIDGE_DATA_KEY",
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)));
        builder.environment().put("BRIDGE_DB_URL", "jdbc:sqlite:" + folder.resolve("bridge.db"));
        builder.environment().put("BRIDGE_UPLOADS_DIR", folder.resolve("uploads").toString());
        builder.environment().put("BRIDGE_HTTP_HOST", "127.0.0.1");
        builder.environment().put("BRIDGE_HTTP_PORT", "0");
        builder.environment().put("BRIDGE_DISK_RESERVE", "0");
        Process process = builder.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            int port = -1;
            while (port < 0) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                seen.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port = Integer.parseInt(listening.group(1));
                }
            }
            assertThat(port).as(String.join("\n", seen)).isPositive();
            Thread output = new Thread(() -> lines.lines().forEach(seen::add), "serve-output");
            output.start();

            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                byte[] start = part("details", null, "application/json",
                        details.getBytes(StandardCharsets.UTF_8));
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                rest.writeBytes(part("ktp", "ktp.jpg", "image/jpeg", TestData.jpeg(40_000)));
                rest.writeBytes(part("selfie", "selfie.png", "image/png", TestData.png(20_000)));
                rest.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
                OutputStream request = socket.getOutputStream();
                request.write(("POST /v1/certificate-registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                        + "Content-Length: " + (start.length + rest.size()) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                request.write(start);
                request.flush();
                Thread.sleep(500);

                process.destroy(); // SIGTERM: every shutdown hook starts while the images are still to come
                Thread.sleep(1_000);
                request.write(rest.toByteArray());
                request.flush();

                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(statusLine).as(String.join("\n", seen)).isEqualTo("HTTP/1.1 202 Accepted");
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] part(String name, String fileName, String type, byte[] content) {
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        part.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        part.writeBytes(content);
        part.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return part.toByteArray();
    }
}
