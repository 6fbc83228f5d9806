package dev.onekycbridge.adapter.onekyc;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Refuses answers whose body exceeds {@link #MAX_BYTES}: at once when the declared length is larger, otherwise
 * as soon as more than that has been read. The platform's answers are small; an error page or a misbehaving
 * proxy must not fill the memory, and Retrofit buffers every error body whole before the client sees it, so the
 * limit sits below Retrofit, on the body itself. It counts the bytes after decompression.
 */
final class BodySizeLimit implements Interceptor {
    static final int MAX_BYTES = 1 << 20;
    /** The limit as messages give it: a long digit run would be withheld from a kept failure as though personal. */
    static final String LIMIT = (MAX_BYTES >> 20) + " MiB";

    /** An answer whose body was larger than {@link #MAX_BYTES}; what was read of it is dropped. */
    static final class TooLargeException extends IOException {
        private final int status;

        TooLargeException(int status) {
            super("the answer (HTTP " + status + ") has a body of more than " + LIMIT);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        if (body == null) {
            return response;
        }
        if (body.contentLength() > MAX_BYTES) {
            response.close();
            throw new TooLargeException(response.code());
        }
        return response.newBuilder().body(new Limited(body, response.code())).build();
    }

    private static final class Limited extends ResponseBody {
        private final ResponseBody delegate;
        private final BufferedSource source;

        Limited(ResponseBody delegate, int status) {
            this.delegate = delegate;
            this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
                private long read;

                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    long n = super.read(sink, byteCount);
                    if (n > 0) {
                        read += n;
                        if (read > MAX_BYTES) {
                            throw new TooLargeException(status);
                        }
                    }
                    return n;
                }
            });
        }

        @Override
        public MediaType contentType() {
            return delegate.contentType();
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public BufferedSource source() {
            return source;
        }
    }
}
