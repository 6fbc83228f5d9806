package dev.onekycbridge.adapter.persistence;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease held on a submission: who is working on it, and until when others must leave it to them.
 *
 * @param owner the claim's owner, as its instance named it (for the default one, {@code pid@host-…#…})
 * @param until when the lease runs out unless its owner renews or releases it
 */
public record Lease(String owner, Instant until) {
    public Lease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(until, "until");
    }
}
