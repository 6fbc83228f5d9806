package dev.onekycbridge.sandbox.objects;

import dev.onekycbridge.sandbox.model.DocumentType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/** The sandbox's own public URLs: presigned object URLs and the web SDK launch page. */
public final class Links {

    public static final String OBJECTS_PREFIX = "/_objects/";
    public static final String LAUNCH_PATH = "/_sandbox/web-sdk/launch";

    private final UrlSigner signer;
    private final Clock clock;
    private volatile String baseUrl = "http://127.0.0.1";

    public Links(UrlSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** Set once the port is known. */
    public void baseUrl(String url) {
        this.baseUrl = url;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static String objectPath(String submissionId, DocumentType type) {
        return OBJECTS_PREFIX + submissionId + "/" + type.name();
    }

    /**
     * A URL that allows {@code method} on one document for {@code ttlSeconds}. The expiry is rounded up to the
     * next whole second, so a URL is never valid for less than its TTL.
     */
    public String presigned(String method, String submissionId, DocumentType type, long ttlSeconds) {
        return presigned(method, submissionId, type, expiry(ttlSeconds));
    }

    /** A URL that allows {@code method} on one document up to and including {@code expiry} (whole seconds). */
    public String presigned(String method, String submissionId, DocumentType type, Instant expiry) {
        long expires = expiry.getEpochSecond();
        String path = objectPath(submissionId, type);
        String query = "expires=" + expires;
        return baseUrl + path + "?" + query + "&signature=" + signer.sign(method, path, query);
    }

    /** The expiry of a URL presigned now for {@code ttlSeconds}, rounded up to the next whole second. */
    public Instant expiry(long ttlSeconds) {
        long expiresMillis = clock.millis() + ttlSeconds * 1_000;
        return Instant.ofEpochSecond((expiresMillis + 999) / 1_000);
    }

    public String launchUrl(String token) {
        return baseUrl + LAUNCH_PATH + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
