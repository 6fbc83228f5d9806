package dev.onekycbridge.adapter.onekyc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * One HTTP answer, read to the end and closed: its status, its {@code Retry-After} and its body text. A body over
 * {@link BodySizeLimit#MAX_BYTES} is refused, never cut: a cut answer would be misread.
 */
record HttpResult(int status, String retryAfter, String body) {
    static HttpResult of(Response<ResponseBody> response) throws IOException {
        ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody();
        return new HttpResult(response.code(), response.headers().get("Retry-After"), read(body, response.code()));
    }

    static HttpResult of(okhttp3.Response response) throws IOException {
        return new HttpResult(response.code(), response.header("Retry-After"), read(response.body(), response.code()));
    }

    private static String read(ResponseBody body, int status) throws IOException {
        if (body == null) {
            return "";
        }
        try (body; InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(BodySizeLimit.MAX_BYTES + 1);
            if (bytes.length > BodySizeLimit.MAX_BYTES) {
                throw new BodySizeLimit.TooLargeException(status);
            }
            return new String(bytes, StandardCharsets.UTF_8);
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
