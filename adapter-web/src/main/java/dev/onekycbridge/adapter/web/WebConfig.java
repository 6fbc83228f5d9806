package dev.onekycbridge.adapter.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the web adapter serves: where it listens, which secrets guard it, and how much it reads. Immutable; start
 * from {@link #defaults()} and change fields with the {@code with…} methods.
 *
 * @param host the interface to listen on
 * @param port the port to listen on; 0 picks a free one (tests)
 * @param apiKey when set, every {@code /v1/**} request needs {@code Authorization: Bearer <apiKey>}
 *     ({@code BRIDGE_API_KEY}); null leaves the partner API open
 * @param callbackAuth when set, the exact {@code Authorization} value callbacks must carry
 *     ({@code BRIDGE_CALLBACK_AUTH}); null accepts callbacks without it
 * @param apiKeyPrevious a key accepted as well as {@code apiKey} while partners switch to it
 *     ({@code BRIDGE_API_KEY_PREVIOUS}); only with an {@code apiKey}, null for none
 * @param callbackAuthPrevious an {@code Authorization} value accepted as well as {@code callbackAuth} while the
 *     platform switches to it ({@code BRIDGE_CALLBACK_AUTH_PREVIOUS}); only with a {@code callbackAuth}, null for none
 * @param allowedCallbackCidrs the IPv4/IPv6 CIDR blocks (or single addresses) callbacks may come from
 *     ({@code BRIDGE_CALLBACK_ALLOWED_IPS}); empty allows any source
 * @param trustedProxies the CIDR blocks of proxies whose {@code X-Forwarded-For} is believed; the client is the
 *     right-most address in that header that is not itself a trusted proxy
 * @param callbackBodyLimit the largest callback body read, in bytes; larger ones get 413
 * @param imageSizeLimit the largest {@code ktp} or {@code selfie} part, in bytes; larger ones get 413
 * @param requestBodyLimit the largest partner API request (a whole multipart body), in bytes; larger ones get 413
 * @param uploadsDirectory where multipart file parts are written while a request is handled; they are deleted
 *     when the response ends. The server creates it owner-only, and refuses to start with one that is not a
 *     directory, belongs to another user or cannot be closed to others (the images in it are plain)
 * @param workerPoolSize threads for blocking work (the use cases do JDBC and HTTP), in each of the server's three
 *     pools: the partner API's, its identity verification starts' (which wait for the platform's launch) and the
 *     callbacks' (the metrics' reads and the readiness check have workers of their own)
 * @param idleTimeout how long a kept-alive connection waits for its next request ({@code BRIDGE_HTTP_IDLE_TIMEOUT}):
 *     the request's line and headers must have arrived this long after the previous answer, or the connection is
 *     closed. A request being handled is never cut by it, however long its answer takes
 * @param requestTimeout how long the first request's line and headers may take to arrive from the connection's
 *     opening ({@code BRIDGE_HTTP_REQUEST_TIMEOUT}), and the period over which a body must bring at least
 *     {@link #MIN_BODY_BYTES_PER_SECOND} a second. A request too slow is cut off: 408 when no answer has begun,
 *     and the connection closed
 * @param bodyMemory the bytes of request bodies held in memory at once, across the server (callbacks and JSON
 *     requests are read whole, and a multipart request's text parts); a request whose body does not fit waits,
 *     unread, until earlier ones are answered (see {@link BodyMemory}). By default a quarter of the largest heap
 * @param diskReserve the disk space a registration may not take, kept for callbacks and the progress of the
 *     submissions already taken ({@code BRIDGE_DISK_RESERVE}); a registration that would leave less free is
 *     answered 503 before its body is read
 */
public record WebConfig(String host, int port, String apiKey, String callbackAuth, String apiKeyPrevious,
                        String callbackAuthPrevious, List<String> allowedCallbackCidrs, List<String> trustedProxies,
                        long callbackBodyLimit, long imageSizeLimit, long requestBodyLimit, Path uploadsDirectory,
                        int workerPoolSize, Duration idleTimeout, Duration requestTimeout, long bodyMemory,
                        DiskReserve diskReserve) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_CALLBACK_BODY_LIMIT = 1024L * 1024;
    public static final long DEFAULT_IMAGE_SIZE_LIMIT = 10L * 1024 * 1024;
    /** Two images at their limit, and room for the details. */
    public static final long DEFAULT_REQUEST_BODY_LIMIT = 2 * DEFAULT_IMAGE_SIZE_LIMIT + 1024L * 1024;
    public static final int DEFAULT_WORKER_POOL_SIZE = 16;
    /** As long as common reverse proxies keep an idle upstream connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Ample for headers over any link that can carry an image at all. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A connection with no byte either way for this long is closed, or the idle timeout if longer: one whose client
     * stopped reading its answer, or whose answer never came. Far longer than any answer takes (an identity
     * verification waits for the platform, at most some seventy seconds a call).
     */
    public static final Duration STALLED_CONNECTION_TIMEOUT = Duration.ofMinutes(10);
    /** The longest timeout taken, in round days: Vert.x counts them in an int of milliseconds (almost 25 days). */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(24);
    /**
     * The slowest a body may arrive, over each request timeout: a 2G mobile link carries several times more, and a
     * client holding a connection with a trickle must spend this much bandwidth on each one.
     */
    public static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    /**
     * The largest JSON document read, an identity verification's body: held in memory whole, so not the request's
     * limit, which is for its images.
     */
    public static final long MAX_JSON_BYTES = 1024L * 1024;
    /**
     * The largest text parts of a multipart request, its details, in all: counted as the body arrives, across its
     * parts, and refused with 413 as soon as they go past it ({@code TextPartLimit}). Many times what realistic
     * details take (two consent records with texts of 10,000 characters in each locale are under 100 KiB), and held
     * in memory while the images stream to disk: each such request takes {@code BodyMemory.COPIES} times this of
     * the body memory, so that fifty registrations at once fit in that of a 256 MiB heap.
     */
    public static final long MAX_FORM_TEXT_BYTES = 256L * 1024;
    /**
     * The most parts a multipart request may have: the three a certificate registration takes ({@code details},
     * {@code ktp}, {@code selfie}; a KTP scan takes two of them), and one more, so that a part an endpoint does not
     * take is named in its 400 rather than refused as one part too many. Vert.x holds a body's parts until it has
     * ended.
     */
    public static final int MAX_FORM_PARTS = 4;

    public WebConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        apiKey = blankToNull(apiKey);
        callbackAuth = blankToNull(callbackAuth);
        apiKeyPrevious = blankToNull(apiKeyPrevious);
        callbackAuthPrevious = blankToNull(callbackAuthPrevious);
        // A previous credential alone would guard with a key nobody is meant to use any more.
        if (apiKeyPrevious != null && apiKey == null) {
            throw new IllegalArgumentException("apiKeyPrevious is accepted only beside an apiKey: set apiKey first");
        }
        if (callbackAuthPrevious != null && callbackAuth == null) {
            throw new IllegalArgumentException(
                    "callbackAuthPrevious is accepted only beside a callbackAuth: set callbackAuth first");
        }
        allowedCallbackCidrs = List.copyOf(Objects.requireNonNull(allowedCallbackCidrs, "allowedCallbackCidrs"));
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
        // Fail at start, not at the first callback, when a block is mistyped.
        allowedCallbackCidrs.forEach(block -> CidrBlock.parse(block, "allowedCallbackCidrs"));
        trustedProxies.forEach(block -> CidrBlock.parse(block, "trustedProxies"));
        requirePositive(callbackBodyLimit, "callbackBodyLimit");
        requirePositive(imageSizeLimit, "imageSizeLimit");
        requirePositive(requestBodyLimit, "requestBodyLimit");
        Objects.requireNonNull(uploadsDirectory, "uploadsDirectory");
        if (workerPoolSize < 1) {
            throw new IllegalArgumentException("workerPoolSize must be at least 1");
        }
        requireTimeout(idleTimeout, "idleTimeout");
        requireTimeout(requestTimeout, "requestTimeout");
        requirePositive(bodyMemory, "bodyMemory");
        Objects.requireNonNull(diskReserve, "diskReserve");
    }

    /** The default of {@link #bodyMemory}: a quarter of the heap this JVM may grow to. */
    public static long defaultBodyMemory() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** The largest JSON document read: {@link #MAX_JSON_BYTES}, or the request's limit when that is smaller. */
    long jsonBodyLimit() {
        return Math.min(MAX_JSON_BYTES, requestBodyLimit);
    }

    /** The most a multipart request's text parts hold: {@link #MAX_FORM_TEXT_BYTES}, or the request's limit. */
    long formTextLimit() {
        return Math.min(MAX_FORM_TEXT_BYTES, requestBodyLimit);
    }

    /** Port 8080 on every interface, no secrets, any callback source, the default limits. */
    public static WebConfig defaults() {
        return new WebConfig(DEFAULT_HOST, DEFAULT_PORT, null, null, null, null, List.of(), List.of(),
                DEFAULT_CALLBACK_BODY_LIMIT, DEFAULT_IMAGE_SIZE_LIMIT, DEFAULT_REQUEST_BODY_LIMIT,
                Path.of(System.getProperty("java.io.tmpdir"), "onekyc-bridge-uploads"), DEFAULT_WORKER_POOL_SIZE,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, defaultBodyMemory(), DiskReserve.defaults());
    }

    /**
     * Splits a comma-separated list of CIDR blocks, as {@code BRIDGE_CALLBACK_ALLOWED_IPS} holds them; null or
     * blank gives an empty list.
     */
    public static List<String> cidrList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(block -> !block.isEmpty())
                .toList();
    }

    public WebConfig withHost(String value) {
        return new WebConfig(value, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withPort(int value) {
        return new WebConfig(host, value, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withApiKey(String value) {
        return new WebConfig(host, port, value, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withCallbackAuth(String value) {
        return new WebConfig(host, port, apiKey, value, apiKeyPrevious, callbackAuthPrevious, allowedCallbackCidrs,
                trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit, uploadsDirectory, workerPoolSize,
                idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withApiKeyPrevious(String value) {
        return new WebConfig(host, port, apiKey, callbackAuth, value, callbackAuthPrevious, allowedCallbackCidrs,
                trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit, uploadsDirectory, workerPoolSize,
                idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withCallbackAuthPrevious(String value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, value, allowedCallbackCidrs,
                trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit, uploadsDirectory, workerPoolSize,
                idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withAllowedCallbackCidrs(List<String> value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious, value,
                trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit, uploadsDirectory, workerPoolSize,
                idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withTrustedProxies(List<String> value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, value, callbackBodyLimit, imageSizeLimit, requestBodyLimit, uploadsDirectory,
                workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withCallbackBodyLimit(long value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, value, imageSizeLimit, requestBodyLimit, uploadsDirectory,
                workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withImageSizeLimit(long value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, value, requestBodyLimit, uploadsDirectory,
                workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withRequestBodyLimit(long value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, value, uploadsDirectory,
                workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withUploadsDirectory(Path value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit, value,
                workerPoolSize, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withWorkerPoolSize(int value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, value, idleTimeout, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withIdleTimeout(Duration value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, value, requestTimeout, bodyMemory, diskReserve);
    }

    public WebConfig withRequestTimeout(Duration value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, idleTimeout, value, bodyMemory, diskReserve);
    }

    public WebConfig withBodyMemory(long value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, idleTimeout, requestTimeout, value, diskReserve);
    }

    public WebConfig withDiskReserve(DiskReserve value) {
        return new WebConfig(host, port, apiKey, callbackAuth, apiKeyPrevious, callbackAuthPrevious,
                allowedCallbackCidrs, trustedProxies, callbackBodyLimit, imageSizeLimit, requestBodyLimit,
                uploadsDirectory, workerPoolSize, idleTimeout, requestTimeout, bodyMemory, value);
    }

    /** Secrets are shown only as set or not. */
    @Override
    public String toString() {
        return "WebConfig[host=" + host + ", port=" + port + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", callbackAuth=" + (callbackAuth == null ? "none" : "***")
                + ", apiKeyPrevious=" + (apiKeyPrevious == null ? "none" : "***")
                + ", callbackAuthPrevious=" + (callbackAuthPrevious == null ? "none" : "***")
                + ", allowedCallbackCidrs=" + allowedCallbackCidrs + ", trustedProxies=" + trustedProxies
                + ", callbackBodyLimit=" + callbackBodyLimit + ", imageSizeLimit=" + imageSizeLimit
                + ", requestBodyLimit=" + requestBodyLimit + ", uploadsDirectory=" + uploadsDirectory
                + ", workerPoolSize=" + workerPoolSize + ", idleTimeout=" + idleTimeout
                + ", requestTimeout=" + requestTimeout + ", bodyMemory=" + bodyMemory + ", diskReserve=" + diskReserve
                + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void requireTimeout(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least a millisecond");
        }
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be at most P24D");
        }
    }

    private static void requirePositive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
