package dev.onekycbridge.sandbox.callback;

import dev.onekycbridge.sandbox.CallbackChannel;
import dev.onekycbridge.sandbox.CallbackMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One callback message and its delivery attempts.
 *
 * @param id           delivery id
 * @param submissionId the submission it reports
 * @param channel      esign, coe or siv
 * @param trigger      automatic, duplicate or manual
 * @param status       status in the body
 * @param result       result in the body, may be null
 * @param reasonCode   reasonCode in the body, may be null
 * @param url          target URL, null when none is configured
 * @param method       target method, null when none is configured
 * @param state        where the delivery stands
 * @param createdAt    when it was created
 * @param attempts     attempts so far, in order
 */
public record CallbackDelivery(String id, String submissionId, CallbackChannel channel, DeliveryTrigger trigger,
        String status, String result, String reasonCode, String url, CallbackMethod method, DeliveryState state,
        Instant createdAt, List<CallbackAttempt> attempts) {

    public CallbackDelivery {
        attempts = List.copyOf(attempts);
    }

    public CallbackDelivery withState(DeliveryState next) {
        return new CallbackDelivery(id, submissionId, channel, trigger, status, result, reasonCode, url, method, next,
                createdAt, attempts);
    }

    public CallbackDelivery withAttempt(CallbackAttempt attempt) {
        List<CallbackAttempt> next = new ArrayList<>(attempts);
        next.add(attempt);
        return new CallbackDelivery(id, submissionId, channel, trigger, status, result, reasonCode, url, method, state,
                createdAt, next);
    }
}
