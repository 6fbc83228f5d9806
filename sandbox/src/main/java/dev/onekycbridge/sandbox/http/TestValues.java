package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.errors.Problem;

/**
 * Test values that ask for a refusal rather than an outcome: the problem's cause after a {@code __} in the partner
 * user id, any case, as scenarios are named (e.g. {@code user-42__USER_NOT_FOUND}).
 */
final class TestValues {

    private static final String SEPARATOR = "__";

    private TestValues() {
    }

    /** Whether the partner user id names this problem's cause; segment 0 is the user's own id. */
    static boolean names(String partnerUserId, Problem problem) {
        if (partnerUserId == null) {
            return false;
        }
        String[] parts = partnerUserId.split(SEPARATOR, -1);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].strip().equalsIgnoreCase(problem.cause())) {
                return true;
            }
        }
        return false;
    }
}
