package dev.onekycbridge.sandbox.http;

import dev.onekycbridge.sandbox.errors.Problem;
import java.util.List;

/** The outcome of checking a request: the caller it identifies, or the problems to answer with. */
sealed interface Checked<T> {

    record Passed<T>(T value) implements Checked<T> {
    }

    record Refused<T>(List<Problem> problems) implements Checked<T> {
        public Refused {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a refusal names at least one problem");
            }
            problems = List.copyOf(problems);
        }
    }

    static <T> Checked<T> refused(Problem problem) {
        return new Refused<>(List.of(problem));
    }

    static <T> Checked<T> refused(List<Problem> problems) {
        return new Refused<>(problems);
    }
}
