package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a failed write certainly wrote nothing: the intake discards a submission's staged images only then. A
 * connection lost during a commit leaves the commit to the server, which may still make it.
 */
class FailedWriteOutcomeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "08006, false", // the connection failed (a socket timeout during the commit)
            "08003, false",
            "57P01, false", // the server ended the session
            "57P02, false",
            "57P03, false",
            "53100, true", // disk full: refused
            "55P03, true", // lock timeout: rolled back
            "57014, true", // statement cancelled: rolled back
            "23505, true", // a unique constraint refused it
            "25006, true"}) // a read-only database refused it
    void aWriteWroteNothingUnlessItsConnectionWasLost(String state, boolean wroteNothing) {
        assertThat(Database.translate("storing a submission", new SQLException("…", state)).wroteNothing())
                .isEqualTo(wroteNothing);
    }
}
