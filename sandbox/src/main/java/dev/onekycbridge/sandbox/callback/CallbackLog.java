package dev.onekycbridge.sandbox.callback;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Every callback delivery of the submissions the sandbox still keeps, in creation order. */
public final class CallbackLog {

    private final Map<String, CallbackDelivery> byId = new LinkedHashMap<>();

    public synchronized void add(CallbackDelivery delivery) {
        byId.put(delivery.id(), delivery);
    }

    /** Applies {@code change} if the delivery is still known (a reset forgets them all). */
    public synchronized Optional<CallbackDelivery> update(String id, UnaryOperator<CallbackDelivery> change) {
        CallbackDelivery current = byId.get(id);
        if (current == null) {
            return Optional.empty();
        }
        CallbackDelivery next = change.apply(current);
        byId.put(id, next);
        return Optional.of(next);
    }

    public synchronized Optional<CallbackDelivery> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized List<CallbackDelivery> forSubmission(String submissionId) {
        return byId.values().stream().filter(d -> d.submissionId().equals(submissionId)).toList();
    }

    /** The submissions with a delivery still under way (waiting for an attempt or a retry). */
    public synchronized Set<String> delivering() {
        Set<String> ids = new HashSet<>();
        for (CallbackDelivery delivery : byId.values()) {
            if (delivery.state() == DeliveryState.PENDING) {
                ids.add(delivery.submissionId());
            }
        }
        return ids;
    }

    /** Forgets the deliveries of these submissions. */
    public synchronized void forget(Set<String> submissionIds) {
        byId.values().removeIf(delivery -> submissionIds.contains(delivery.submissionId()));
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized void clear() {
        byId.clear();
    }
}
