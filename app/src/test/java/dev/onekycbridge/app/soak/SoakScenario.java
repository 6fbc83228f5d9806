package dev.onekycbridge.app.soak;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The platform outcomes the soaks mix, each picked by a {@code __SCENARIO} suffix of the partner user id, with the
 * final state our submission must end in.
 */
enum SoakScenario {
    VALID("COMPLETED", "VALID", null),
    DUKCAPIL_REJECTED("COMPLETED", "INVALID", "DUKCAPIL_REJECTED"),
    SYSTEM_ERROR("ERROR", null, "SYSTEM_ERROR"),
    NO_CALLBACK("COMPLETED", "VALID", null);

    final String status;
    final String result;
    final String reasonCode;

    SoakScenario(String status, String result, String reasonCode) {
        this.status = status;
        this.result = result;
        this.reasonCode = reasonCode;
    }

    /** The scenario of the i-th registration: round robin, so that even a small run has every one. */
    static SoakScenario of(int index) {
        return values()[index % values().length];
    }

    String userId(String prefix, int index) {
        return prefix + "-" + index + "__" + name();
    }

    /** Whether our submission ended as this scenario says it must. */
    boolean matches(JsonObject submission) {
        return status.equals(submission.getString("status"))
                && Objects.equals(result, submission.getString("result"))
                && Objects.equals(reasonCode, submission.getString("reasonCode"));
    }

    String expected() {
        return status + "/" + result + "/" + reasonCode;
    }

    static String actual(JsonObject submission) {
        return submission.getString("status") + "/" + submission.getString("result") + "/"
                + submission.getString("reasonCode");
    }
}
