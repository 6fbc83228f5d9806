package dev.onekycbridge.sandbox.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private static final String TOKEN = "/v1/esign/partner/authentication";

    private static void add(RequestLog log, String method, String path) {
        log.add(new RecordedRequest(log.nextSequence(), Instant.EPOCH, method, path, null, Map.of(), null, false,
                200, null));
    }

    @Test
    void theWindowKeepsTheLatestRequestsWhileTheCountsStayExact() {
        RequestLog log = new RequestLog();
        for (int i = 0; i < 2_500; i++) {
            add(log, "GET", TOKEN);
            add(log, "PUT", "/_objects/" + UUID.randomUUID() + "/KTP");
            add(log, "GET", "/coe/v1/submissions/" + UUID.randomUUID() + "/status");
        }

        assertThat(log.all()).hasSize(RequestLog.CAPACITY);
        assertThat(log.all().get(RequestLog.CAPACITY - 1).sequence()).isEqualTo(7_500);
        assertThat(log.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "GET " + TOKEN, 2_500L,
                "PUT /_objects/{submissionId}/{documentType}", 2_500L,
                "GET /coe/v1/submissions/{submissionId}/status", 2_500L));
    }

    @Test
    void madeUpPathsShareOneCountBeyondTheLimitOfKinds() {
        RequestLog log = new RequestLog();
        add(log, "GET", TOKEN);
        for (int i = 0; i < 1_000; i++) {
            add(log, "GET", "/no-such-path/" + i);
        }
        add(log, "GET", TOKEN);

        assertThat(log.counts()).hasSize(RequestLog.MAX_KINDS);
        assertThat(log.counts().get("GET " + TOKEN)).isEqualTo(2);
        assertThat(log.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_002);
        assertThat(log.counts().get(RequestLog.OTHER_KIND)).isEqualTo(1_000 - (RequestLog.MAX_KINDS - 2));
    }

    @Test
    void aPlatformEndpointFirstCalledAfterTheLimitOfKindsIsStillCountedApart() {
        RequestLog log = new RequestLog();
        for (int i = 0; i < 1_000; i++) {
            add(log, "GET", "/coe/v1/submissions/" + UUID.randomUUID());
        }
        add(log, "GET", TOKEN);
        add(log, "GET", "/coe/v1/submissions");
        add(log, "GET", "/coe/v1/submissions/" + UUID.randomUUID() + "/status");
        add(log, "PUT", "/_objects/" + UUID.randomUUID() + "/KTP");

        assertThat(log.counts().get("GET " + TOKEN)).isEqualTo(1);
        assertThat(log.counts().get("GET /coe/v1/submissions")).isEqualTo(1);
        assertThat(log.counts().get("GET /coe/v1/submissions/{submissionId}/status")).isEqualTo(1);
        assertThat(log.counts().get("PUT /_objects/{submissionId}/{documentType}")).isEqualTo(1);
        assertThat(log.counts().get(RequestLog.OTHER_KIND)).isEqualTo(1_000 - (RequestLog.MAX_KINDS - 1));
        assertThat(log.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_004);
    }

    @Test
    void madeUpMethodsOnAPlatformPathShareOneCountBeyondTheLimitOfKinds() {
        RequestLog log = new RequestLog();
        for (int i = 0; i < 1_000; i++) {
            add(log, "M" + i, TOKEN);
            add(log, "X" + i, "/_objects/" + UUID.randomUUID() + "/KTP");
        }
        add(log, "GET", TOKEN);
        add(log, "PUT", "/_objects/" + UUID.randomUUID() + "/KTP");

        assertThat(log.counts()).as("the limit, and the two real endpoints apart").hasSize(RequestLog.MAX_KINDS + 2);
        assertThat(log.counts().get("GET " + TOKEN)).isEqualTo(1);
        assertThat(log.counts().get("PUT /_objects/{submissionId}/{documentType}")).isEqualTo(1);
        assertThat(log.counts().get(RequestLog.OTHER_KIND)).isEqualTo(2_000 - (RequestLog.MAX_KINDS - 1));
        assertThat(log.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_002);
    }

    @Test
    void clearingForgetsTheCountsToo() {
        RequestLog log = new RequestLog();
        add(log, "GET", TOKEN);

        log.clear();

        assertThat(log.all()).isEmpty();
        assertThat(log.counts()).isEmpty();
    }
}
