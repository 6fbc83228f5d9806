package dev.onekycbridge.sandbox.model;

import java.util.Objects;

/** The partner's own user, as named by {@code x-partner-user-id} and {@code x-partner-user-id-type}. */
public record PartnerUser(String id, String idType) {

    public PartnerUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idType, "idType");
    }
}
