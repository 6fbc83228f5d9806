package dev.onekycbridge.adapter.web;

import java.util.EnumMap;
import java.util.Map;

/**
 * Tells the log that callbacks are being refused at the door (a wrong {@code Authorization}, an address outside
 * the allowed ranges), as a {@link QuietWarning} per reason. Usually the platform's callback set-up and
 * {@code BRIDGE_CALLBACK_AUTH} or {@code BRIDGE_CALLBACK_ALLOWED_IPS} disagree, and every result then arrives only
 * by polling, late.
 */
final class RefusedCallbacks {
    private static final System.Logger LOG = System.getLogger(RefusedCallbacks.class.getName());

    enum Reason {
        AUTHORIZATION("their Authorization is missing or is not BRIDGE_CALLBACK_AUTH"),
        SOURCE("they come from an address outside BRIDGE_CALLBACK_ALLOWED_IPS");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final Map<Reason, QuietWarning> warnings = new EnumMap<>(Reason.class);

    RefusedCallbacks(QuietWarnings quietWarnings) {
        for (Reason reason : Reason.values()) {
            warnings.put(reason, quietWarnings.warning(LOG));
        }
    }

    /** A callback was refused; {@code detail} is what may help (the peer's address), never a header's value. */
    void refused(Reason reason, String detail) {
        warnings.get(reason).happened(count -> "callbacks are refused because " + reason.text + " (" + count
                + " since the last such line; latest " + detail + "): results come only by polling until the"
                + " platform's callback set-up and the service's agree");
    }
}
