package dev.onekycbridge.adapter.onekyc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import okhttp3.ResponseBody;
import retrofit2.Response;

/** One HTTP answer, read to the end and closed: its status, its {@code Retry-After} and its body text. */
record HttpResult(int status, String retryAfter, String body) {
    /** Bodies beyond this are cut: the platform's answers are small, and an error page must not exhaust memory. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    static HttpResult of(Response<ResponseBody> response) throws IOException {
        ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody();
        return new HttpResult(response.code(), response.headers().get("Retry-After"), read(body));
    }

    static HttpResult of(okhttp3.Response response) throws IOException {
        return new HttpResult(response.code(), response.header("Retry-After"), read(response.body()));
    }

    private static String read(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (body; InputStream in = body.byteStream()) {
            return new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        }
    }

    boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HttpResult[" + status + "]";
    }
}
