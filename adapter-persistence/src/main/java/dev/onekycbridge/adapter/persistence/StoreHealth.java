package dev.onekycbridge.adapter.persistence;

import java.util.Map;
import java.util.Objects;

/**
 * Whether the store can take work, for a readiness probe: the database answers, its schema is this build's, and
 * it and the image folder take writes.
 *
 * @param details each part checked and how it stands ({@code database}, {@code migrations}, {@code writes},
 *     {@code images}), in words for an operator; never a stored value, a secret or a connection string
 */
public record StoreHealth(boolean ready, Map<String, String> details) {
    public StoreHealth {
        details = Map.copyOf(Objects.requireNonNull(details, "details"));
    }
}
