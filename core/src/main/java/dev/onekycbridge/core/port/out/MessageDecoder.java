package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.submission.PlatformReport;

/** Reads the platform's result messages (callback bodies; polled details share the shape). */
public interface MessageDecoder {
    /**
     * @throws MalformedMessageException when the body is not a result message: not JSON, or without a status or
     *     any way to tell which submission it is about
     */
    PlatformReport decode(CallbackChannel channel, String body);
}
