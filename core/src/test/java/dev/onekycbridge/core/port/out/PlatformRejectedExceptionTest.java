package dev.onekycbridge.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.Failure;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformRejectedExceptionTest {
    @Test
    void theFailureOfARefusalWithoutErrorsGivesItsStatusBack() {
        Failure failure = new PlatformRejectedException(409, List.of()).toFailure();

        assertThat(PlatformRejectedException.statusWithoutErrors(failure)).hasValue(409);
    }

    @Test
    void theFailureOfARefusalWithAnErrorIsThatError() {
        Failure failure = new PlatformRejectedException(400, List.of(new PlatformError("1539", "REJECTED", null)))
                .toFailure();

        assertThat(failure).isEqualTo(new Failure("1539", "REJECTED"));
        assertThat(PlatformRejectedException.statusWithoutErrors(failure)).isEmpty();
        assertThat(PlatformRejectedException.statusWithoutErrors(new Failure(null, "REJECTED"))).isEmpty();
        assertThat(PlatformRejectedException.statusWithoutErrors(new Failure("HTTP 400", "TIMEOUT"))).isEmpty();
    }
}
