package dev.onekycbridge.core.port.in;

/**
 * What one retention purge erased: submissions purged of personal data, callback bodies erased, and submissions
 * never stored whose staged images were discarded. Counts only, no personal data.
 */
public record PurgeReport(int submissions, int callbackBodies, int orphanedImages) {
    public int total() {
        return submissions + callbackBodies + orphanedImages;
    }

    @Override
    public String toString() {
        return submissions + " submission(s) purged of personal data, " + callbackBodies
                + " callback body(ies) erased, images of " + orphanedImages + " submission(s) never stored discarded";
    }
}
