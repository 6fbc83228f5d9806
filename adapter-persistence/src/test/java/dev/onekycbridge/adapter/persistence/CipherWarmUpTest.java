package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CipherWarmUpTest {
    @Test
    void theWarmUpRunsOncePerProcessInTheBackgroundAndEnds() throws Exception {
        CipherWarmUp.startOnce();
        CipherWarmUp.startOnce();

        long running = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("onekyc-bridge-cipher-warm-up")).count();
        assertThat(running).isLessThanOrEqualTo(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("onekyc-bridge-cipher-warm-up"))) {
            assertThat(System.nanoTime()).as("the warm-up ends").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
