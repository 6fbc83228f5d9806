package dev.onekycbridge.adapter.onekyc;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from sending a request again on its own after a 503 with {@code Retry-After: 0}: that resend
 * happens below the client's interceptors, so the call runner would never see the 503, count the attempt or pace
 * it, and a confirm refused as a duplicate afterwards would look like the platform's word on the request. With
 * the header gone the 503 reaches the runner, which retries it with its own backoff. A network interceptor, so
 * it sees each answer as it comes off the wire.
 */
final class NoHiddenResend implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        if (response.code() == 503 && retryAfter != null && retryAfter.strip().matches("0+")) {
            return response.newBuilder().removeHeader("Retry-After").build();
        }
        return response;
    }
}
