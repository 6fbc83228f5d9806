package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.Scenario;
import dev.onekycbridge.sandbox.errors.Problem;

/**
 * Test values that ask for a refusal rather than an outcome: the problem's cause after a {@code __} in the partner
 * user id, any case, as scenarios are named (e.g. {@code user-42__USER_NOT_FOUND}).
 */
final class TestValues {

    private TestValues() {
    }

    /** Whether the partner user id names this problem's cause. */
    static boolean names(String partnerUserId, Problem problem) {
        return Scenario.testValues(partnerUserId).stream()
                .anyMatch(value -> value.strip().equalsIgnoreCase(problem.cause()));
    }
}
