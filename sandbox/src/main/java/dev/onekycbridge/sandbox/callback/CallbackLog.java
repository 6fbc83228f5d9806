package dev.onekycbridge.sandbox.callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Every callback delivery, in creation order. */
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

    public synchronized void clear() {
        byId.clear();
    }
}
