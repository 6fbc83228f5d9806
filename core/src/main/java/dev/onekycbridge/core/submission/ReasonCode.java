package dev.onekycbridge.core.submission;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** Why a submission was rejected or failed, as the platform said it; unknown codes are kept as text. */
public record ReasonCode(String raw) {
    public ReasonCode {
        Objects.requireNonNull(raw, "raw");
        if (raw.isBlank()) {
            throw new IllegalArgumentException("a reason code is not blank; absent is null");
        }
    }

    public static ReasonCode of(String raw) {
        return new ReasonCode(raw.strip());
    }

    public Optional<KnownReasonCode> known() {
        return Arrays.stream(KnownReasonCode.values()).filter(code -> code.name().equals(raw)).findFirst();
    }

    @Override
    public String toString() {
        return raw;
    }
}
