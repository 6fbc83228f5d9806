package dev.onekycbridge.benchmarks.pipeline;

import java.util.Locale;

/**
 * The verdict on the ratio service ÷ stateless relay. A registration that failed (or was not confirmed in time) on
 * either side makes it INVALID whatever the ratio: a side that fails fast can look fast, and the rates compare
 * only the registrations that went through.
 *
 * @param ratio         service ÷ relay, in registrations per second
 * @param target        the least ratio that meets the target
 * @param relayFailed   registrations the relay did not get confirmed
 * @param serviceFailed registrations the service did not get confirmed
 */
record RatioVerdict(double ratio, double target, int relayFailed, int serviceFailed) {

    String text() {
        if (relayFailed > 0 || serviceFailed > 0) {
            return String.format(Locale.ROOT, "INVALID (%d registrations failed through the service, %d through the"
                    + " relay)", serviceFailed, relayFailed);
        }
        return ratio >= target ? "met" : "MISSED";
    }
}
