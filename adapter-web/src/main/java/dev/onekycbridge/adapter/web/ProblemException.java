package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.validation.FieldError;
import java.util.List;

/** A request the web adapter itself refuses (malformed, too large, unauthenticated…), with the answer to send. */
final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    static ProblemException malformed(List<FieldError> errors) {
        return new ProblemException(Problem.Kind.MALFORMED_REQUEST.problem(
                errors.size() + " field(s) could not be read", errors));
    }

    static ProblemException malformed(String field, String message) {
        return malformed(List.of(new FieldError(field, message)));
    }

    Problem problem() {
        return problem;
    }
}
