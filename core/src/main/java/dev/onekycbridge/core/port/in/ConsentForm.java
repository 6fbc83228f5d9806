package dev.onekycbridge.core.port.in;

import dev.onekycbridge.core.identity.DeviceDetails;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One consent record as the partner sent it, unchecked.
 *
 * @param details consent texts keyed by locale code ({@code en_ID}, {@code id_ID})
 * @param timestamp when the user consented: epoch milliseconds, or an ISO-8601 instant
 */
public record ConsentForm(String entity, String consentType, Boolean consentGiven,
                          Map<String, ConsentTextForm> details, String timestamp, String userAgent, String userIp,
                          DeviceDetails deviceDetails) {
    /** A copy of the caller's texts, so that what is checked is what is stored; nulls are kept for the check. */
    public ConsentForm {
        details = details == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    @Override
    public String toString() {
        return "ConsentForm[" + entity + ", " + consentType + "]";
    }
}
