package dev.onekycbridge.adapter.onekyc;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Logs each exchange at DEBUG through {@link System.Logger}: method, host, path, status and duration. Nothing
 * else, by construction: no header (tokens, {@code pass-key}, {@code client-id}, user ids), no query string
 * (presigned URLs carry their signature there), no body (confirm and initiate flow carry NIK, name, e-mail and
 * phone; token and initiate answers carry credentials).
 */
final class RedactingLoggingInterceptor implements Interceptor {
    static final String LOGGER_NAME = "dev.onekycbridge.adapter.onekyc.http";

    private final System.Logger log;

    RedactingLoggingInterceptor() {
        this(System.getLogger(LOGGER_NAME));
    }

    RedactingLoggingInterceptor(System.Logger log) {
        this.log = log;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!log.isLoggable(System.Logger.Level.DEBUG)) {
            return chain.proceed(request);
        }
        String target = request.method() + " " + describe(request.url());
        long started = System.nanoTime();
        try {
            Response response = chain.proceed(request);
            long millis = elapsed(started);
            log.log(System.Logger.Level.DEBUG, () -> target + " -> " + response.code() + " in " + millis + " ms");
            return response;
        } catch (IOException | RuntimeException e) {
            long millis = elapsed(started);
            log.log(System.Logger.Level.DEBUG,
                    () -> target + " failed after " + millis + " ms: " + e.getClass().getSimpleName());
            throw e;
        }
    }

    /** Scheme, host, port and path: never the query, never user info. */
    static String describe(HttpUrl url) {
        boolean defaultPort = url.port() == HttpUrl.defaultPort(url.scheme());
        return url.scheme() + "://" + url.host() + (defaultPort ? "" : ":" + url.port()) + url.encodedPath();
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
