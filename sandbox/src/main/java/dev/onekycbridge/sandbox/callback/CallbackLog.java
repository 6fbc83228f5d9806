package dev.onekycbridge.sandbox.callback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every callback delivery of the submissions the sandbox still keeps, in creation order, with each submission's
 * deliveries at hand: a submission's view and the sweep read only that submission's deliveries.
 */
public final class CallbackLog {

    private final Map<String, CallbackDelivery> byId = new LinkedHashMap<>();
    private final Map<String, Set<String>> bySubmission = new HashMap<>();

    public synchronized void add(CallbackDelivery delivery) {
        byId.put(delivery.id(), delivery);
        bySubmission.computeIfAbsent(delivery.submissionId(), s -> new LinkedHashSet<>()).add(delivery.id());
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
        List<CallbackDelivery> found = new ArrayList<>();
        for (String id : bySubmission.getOrDefault(submissionId, Set.of())) {
            found.add(byId.get(id));
        }
        return found;
    }

    /** Whether a delivery of the submission is still under way (waiting for an attempt or a retry). */
    public synchronized boolean isDelivering(String submissionId) {
        for (String id : bySubmission.getOrDefault(submissionId, Set.of())) {
            if (byId.get(id).state() == DeliveryState.PENDING) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the deliveries of these submissions. */
    public synchronized void forget(Set<String> submissionIds) {
        for (String submissionId : submissionIds) {
            Set<String> deliveries = bySubmission.remove(submissionId);
            if (deliveries != null) {
                byId.keySet().removeAll(deliveries);
            }
        }
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized void clear() {
        byId.clear();
        bySubmission.clear();
    }
}
