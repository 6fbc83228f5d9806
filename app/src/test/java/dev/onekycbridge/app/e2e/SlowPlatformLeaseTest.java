package dev.onekycbridge.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.app.OneKycBridge;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A platform slower than the claim lease (its shortest, {@code PT10S}): a lease held by this process outside the
 * workers, by an identity verification's launch in its start request or by a reconcile, is renewed while the call
 * waits, so that no other claim, this service's workers' or another instance's, repeats the step meanwhile.
 */
class SlowPlatformLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final String LAUNCH = "/esign-partner/v1/initiate-flow";
    private static final String DETAILS = "/esign-partner/v1/submissions";

    private BridgeHarness bridge;
    private OneKycClient client;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** Before, the launch's lease ran out while the platform answered, and the workers launched it a second time. */
    @Test
    void anIdentityVerificationWhoseLaunchOutlastsTheLeaseIsLaunchedOnce() {
        bridge = BridgeHarness.start(TestDatabase.sqlite(), Map.of("BRIDGE_CLAIM_LEASE", "PT10S"));
        bridge.stopService();
        // The user never finishes the journey: the verification waits, INITIATED, and the driver polls it.
        bridge.sandbox.control().updateConfig(config -> config.withSivAutoComplete(false));
        AtomicInteger launches = new AtomicInteger();
        AtomicInteger detailsReads = new AtomicInteger();
        client = OneKycClient.create(OneKycBridge.clientConfig(bridge.config(), Clock.systemUTC())
                .withInterceptor(chain -> {
                    String path = chain.request().url().encodedPath();
                    if (path.endsWith(DETAILS)) {
                        detailsReads.incrementAndGet();
                    }
                    if (!path.endsWith(LAUNCH)) {
                        return chain.proceed(chain.request());
                    }
                    boolean first = launches.incrementAndGet() == 1;
                    okhttp3.Response answer = chain.proceed(chain.request());
                    if (first) {
                        // The platform takes the launch in, and answers it half a lease after the lease would end.
                        BridgeHarness.sleep(LEASE.plusSeconds(5).toMillis());
                    }
                    return answer;
                }));
        // The workers may take the verification over one second after its start, unless a lease keeps them off.
        WorkflowSettings fast = BridgeHarness.FAST;
        WorkflowSettings settings = new WorkflowSettings(fast.pollAfter(), fast.pollBackoff(), fast.retryBackoff(),
                fast.parkBackoff(), fast.matchWindow(), LEASE, fast.callbackLease(), Duration.ofSeconds(1),
                fast.documentLimits());
        bridge.startService(builder -> builder.platform(client, client, client).workflowSettings(settings));

        HttpResponse<String> started = bridge.startIdentityVerification(EndToEndScenarios.user(null));

        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = new JsonObject(started.body()).getString("id");
        // The driver polls the launched verification: it has taken the submission over, after its launch.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (detailsReads.get() == 0) {
            assertThat(System.nanoTime()).as("waiting for the driver's first poll").isLessThan(deadline);
            BridgeHarness.sleep(50);
        }
        assertThat(launches.get()).as("launches of the one identity verification").isEqualTo(1);
        assertThat(bridge.submission(id).getString("status")).isEqualTo("INITIATED");
    }

    /**
     * Before, a reconcile's lease was renewed by nothing, the command line's (which runs no workers) no more than
     * the service's: another instance could take the submission while the reconcile's details read waited.
     */
    @Test
    void aReconcileWhoseReadOutlastsTheLeaseKeepsTheSubmissionFromOtherInstances() throws Exception {
        bridge = BridgeHarness.start(TestDatabase.sqlite(), Map.of("BRIDGE_CLAIM_LEASE", "PT10S"));
        String id = bridge.registered(EndToEndScenarios.user("PARTIAL_ONLY"));
        bridge.awaitSubmission(id, s -> Set.of("CONFIRMED", "PARTIALLY_COMPLETED").contains(s.getString("status")),
                Duration.ofSeconds(60));
        bridge.stopService();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        client = OneKycClient.create(OneKycBridge.clientConfig(bridge.config(), Clock.systemUTC())
                .withInterceptor(holdingTheFirstDetailsRead(reading, answer)));
        SubmissionId submission = SubmissionId.parse(id);

        // As the command line's reconcile does: a bridge of the configuration, with no workers.
        try (OneKycBridge reconciling = OneKycBridge.builder().config(bridge.config())
                .platform(client, client, client).build();
             PersistenceAdapter anotherInstance = OneKycBridge.openStore(bridge.config())) {
            CompletableFuture<Optional<Submission>> reconciled = CompletableFuture.supplyAsync(
                    () -> reconciling.reconciliation().reconcile(submission));
            assertThat(reading.await(60, TimeUnit.SECONDS)).as("the reconcile reads the details").isTrue();
            // The reconcile claimed the submission before its read began: its first lease has run out by now.
            BridgeHarness.sleep(LEASE.plusSeconds(2).toMillis());

            Optional<Submission> taken = anotherInstance.dueSubmissions().claimIfFree(submission, Instant.now(),
                    LEASE, "another-instance");

            answer.countDown();
            assertThat(taken).as("the submission claimed by another instance while the reconcile read").isEmpty();
            assertThat(reconciled.get(60, TimeUnit.SECONDS)).isPresent();
        }
    }

    /** Lets the first details read reach the platform, then holds its answer until {@code answer} opens. */
    private static Interceptor holdingTheFirstDetailsRead(CountDownLatch reading, CountDownLatch answer) {
        AtomicInteger reads = new AtomicInteger();
        return chain -> {
            if (!chain.request().url().encodedPath().endsWith(DETAILS) || reads.incrementAndGet() > 1) {
                return chain.proceed(chain.request());
            }
            okhttp3.Response response = chain.proceed(chain.request());
            reading.countDown();
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return response;
        };
    }
}
