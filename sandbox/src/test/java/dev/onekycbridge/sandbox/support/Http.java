package dev.onekycbridge.sandbox.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain JDK HTTP client against one base URL; redirects are not followed so tests can see them. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Reply get(String pathOrUrl, String... headers) {
        return send("GET", pathOrUrl, null, null, headers);
    }

    public Reply delete(String pathOrUrl, String... headers) {
        return send("DELETE", pathOrUrl, null, null, headers);
    }

    public Reply putJson(String pathOrUrl, Object json, String... headers) {
        return send("PUT", pathOrUrl, String.valueOf(json).getBytes(StandardCharsets.UTF_8), "application/json",
                headers);
    }

    public Reply postJson(String pathOrUrl, Object json, String... headers) {
        return send("POST", pathOrUrl, json == null ? null : String.valueOf(json).getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json", headers);
    }

    public Reply putBytes(String pathOrUrl, byte[] bytes, String contentType) {
        return send("PUT", pathOrUrl, bytes, contentType);
    }

    /** Sends and waits; a reset connection surfaces as {@link UncheckedIOException}. */
    public Reply send(String method, String pathOrUrl, byte[] body, String contentType, String... headers) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
