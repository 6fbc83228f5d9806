package dev.onekycbridge.adapter.onekyc;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import okhttp3.Call;
import okhttp3.OkHttpClient;

/**
 * The calls this client made, so that closing it cancels those still under way: a worker blocked reading a
 * silent platform's answer would otherwise outlive the application that closed it, and find its store closed.
 * Only this client's calls are cancelled, never the others of an HTTP client the application shares with it.
 * Finished calls are forgotten as the garbage collector takes them. Thread-safe.
 */
final class CallsInFlight {
    private final Set<Call> calls = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean closed;

    /** Makes calls with {@code client}, each one known here until it is collected. */
    Call.Factory through(OkHttpClient client) {
        return request -> {
            Call call = client.newCall(request);
            calls.add(call);
            if (closed) {
                // Closed meanwhile: cancelAll may have missed this call.
                call.cancel();
            }
            return call;
        };
    }

    /** Whether {@link #cancelAll} was called: the calls that fail from now on were cut off, not failed. */
    boolean closed() {
        return closed;
    }

    /** Cancels every call under way and each one made from now on. */
    void cancelAll() {
        closed = true;
        synchronized (calls) {
            calls.forEach(Call::cancel);
        }
    }
}
