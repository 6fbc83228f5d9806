package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.RunningService;
import dev.onekycbridge.core.port.out.DriverStep;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresEndToEndTest extends EndToEndScenarios {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheWorkAndSendEachConfirmOnce() {
        try (RunningService second = bridge.startAnotherInstance(builder -> builder)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                ids.add(bridge.registered(user(null)));
            }

            for (String id : ids) {
                JsonObject done = bridge.awaitFinal(id);
                assertThat(done.getString("status")).isEqualTo("COMPLETED");
                assertThat(bridge.sandboxSubmission(done.getString("submissionId")).getInteger("confirmCount"))
                        .isEqualTo(1);
            }
            assertThat(bridge.sandboxSubmissions()).hasSize(ids.size());
            assertThat(second.metrics().scrape(java.util.Map.of()))
                    .contains("kind=\"" + DriverStep.CONFIRM.name() + "\",result=\"completed\"");
            assertThat(bridge.service.metrics().scrape(java.util.Map.of()))
                    .contains("kind=\"" + DriverStep.CONFIRM.name() + "\",result=\"completed\"");
        }
    }
}
