package dev.onekycbridge.sandbox.model;

import java.util.List;
import java.util.Optional;

/** Kinds of images held by the object store. */
public enum DocumentType {
    KTP,
    SELFIE,
    ADDITIONAL_SELFIE;

    /** The documents a partner uploads for a flow before confirming. */
    public static List<DocumentType> requiredFor(Flow flow) {
        return switch (flow) {
            case CERT_REG -> List.of(KTP, SELFIE);
            case KTP_SCAN -> List.of(KTP);
            case STANDALONE_IDENTITY_VERIFICATION -> List.of(KTP, SELFIE, ADDITIONAL_SELFIE);
        };
    }

    public static Optional<DocumentType> parse(String name) {
        for (DocumentType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
