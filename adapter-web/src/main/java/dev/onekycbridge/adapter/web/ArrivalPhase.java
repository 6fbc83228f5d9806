package dev.onekycbridge.adapter.web;

import java.util.Locale;

/** The part of a request that was still arriving when it was cut off for being too slow. */
enum ArrivalPhase {
    /** The request line and headers: nothing is known of the request, so nothing can be answered. */
    HEADERS,
    /** The body, after the headers: a 408 is answered if no answer has begun. */
    BODY;

    /** The value of the metric's {@code phase} label. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
