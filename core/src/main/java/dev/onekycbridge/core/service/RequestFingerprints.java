package dev.onekycbridge.core.service;

/**
 * A request's fingerprint by the formula a new submission stores, and by the one builds used before the fingerprint
 * covered the contact verification, the consent's texts and context and the additional data. A submission stored by
 * such a build keeps that build's fingerprint after an upgrade, and a client's retry of its request (the retry after
 * a timeout of a registration in flight) must still be recognised as one. Against such a submission, a request
 * that differs only in what the earlier formula left out cannot be told from a retry.
 *
 * <p>No mark of the formula is stored with a fingerprint, and none is needed: the two formulas hash different
 * parts, so a request's fingerprint by one equals another request's by the other only by a SHA-256 collision.
 */
record RequestFingerprints(String current, String beforeConsentAndVerification) {
    /** Whether a stored fingerprint is this request's, by either formula. */
    boolean match(String stored) {
        return current.equals(stored) || beforeConsentAndVerification.equals(stored);
    }
}
