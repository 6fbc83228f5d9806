package dev.onekycbridge.benchmarks.pipeline;

import dev.onekycbridge.core.callback.CallbackChannel;
import dev.onekycbridge.core.callback.CallbackReceipt;
import dev.onekycbridge.core.port.in.AcceptCallbackUseCase;
import dev.onekycbridge.core.port.out.MalformedMessageException;
import dev.onekycbridge.core.port.out.MessageDecoder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's callback receiver: reads each callback with the service's decoder and answers as the service does,
 * but stores nothing and applies nothing. The counts say how many arrived.
 */
final class ReadOnlyCallbacks implements AcceptCallbackUseCase {
    private final MessageDecoder decoder;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    ReadOnlyCallbacks(MessageDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public CallbackReceipt accept(CallbackChannel channel, String body) {
        try {
            decoder.decode(channel, body);
        } catch (MalformedMessageException e) {
            return new CallbackReceipt.Rejected(rejected.incrementAndGet(), e.getMessage());
        }
        return new CallbackReceipt.Accepted(read.incrementAndGet());
    }

    /** Callbacks read and answered as accepted so far. */
    long read() {
        return read.get();
    }

    /** Callbacks that could not be read. */
    long rejected() {
        return rejected.get();
    }
}
