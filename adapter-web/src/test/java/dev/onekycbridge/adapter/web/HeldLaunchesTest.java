package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.service.InlineLaunches;
import dev.onekycbridge.core.testing.FakeOneKycPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Identity verification starts whose launches the platform holds (a brown-out: each call may take over a minute,
 * and is tried three times) neither hold the workers that answer reads and repeats, nor keep their own answers past
 * their wait. The test bridge has 4 workers in each pool.
 */
class HeldLaunchesTest extends VertxTest {
    private static final String PATH = "/v1/identity-verifications";
    /** Generous: on a loaded machine an answer that comes at all comes well within it. */
    private static final Duration ANSWERED = Duration.ofSeconds(15);

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch launchHeld = new CountDownLatch(1);
    private final ExecutorService senders = Executors.newCachedThreadPool();
    private TestBridge bridge;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
        if (bridge != null) {
            bridge.close();
        }
    }

    /**
     * Five starts while the platform holds the first launch (and, behind it, every other): as many as the partner
     * API has workers, and one more. A read of an unknown submission and a repeat of the first start are answered
     * before the platform lets go; so are the starts that found every launch thread busy.
     */
    @Test
    void readsAndRepeatsAreAnsweredWhileThePlatformHoldsTheLaunches() throws Exception {
        bridge = TestBridge.start(vertx, config -> config, InlineLaunches.bounded(2, Duration.ofMinutes(5)));
        holdTheNextLaunch();
        CompletableFuture<HttpResponseData> first = send(() -> bridge.postJson(PATH,
                Requests.identityVerification("held-1").encode(), "Idempotency-Key", "held-1"));
        await(() -> launchHeld.getCount() == 0, "the first launch held");
        List<CompletableFuture<HttpResponseData>> others = new ArrayList<>();
        for (int user = 2; user <= 5; user++) {
            String id = "held-" + user;
            others.add(send(() -> bridge.postJson(PATH, Requests.identityVerification(id).encode())));
        }
        await(() -> startsBegun() >= 4, "a start on every worker");

        HttpResponseData unknown = send(() -> bridge.get("/v1/submissions/" + UUID.randomUUID()))
                .get(ANSWERED.toSeconds(), TimeUnit.SECONDS);
        HttpResponseData repeat = send(() -> bridge.postJson(PATH,
                Requests.identityVerification("held-1").encode(), "Idempotency-Key", "held-1"))
                .get(ANSWERED.toSeconds(), TimeUnit.SECONDS);
        await(() -> others.stream().filter(CompletableFuture::isDone).count() >= 3,
                "the starts that found no launch thread answered");

        assertThat(release.getCount()).as("the platform still holds the launch").isEqualTo(1);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(repeat.status()).isEqualTo(202);
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.json().getString("status")).isEqualTo("CREATED");
        assertThat(others.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                .map(HttpResponseData::status)).containsOnly(202);
        assertThat(first).isNotDone();

        release.countDown();
        assertThat(first.get(ANSWERED.toSeconds(), TimeUnit.SECONDS).status()).as("launched within its wait")
                .isEqualTo(201);
    }

    /**
     * A start whose launch outlasts its wait is answered 202 with the submission as stored; the launch goes on and
     * appears on the submission, and a repeat then gets it (201).
     */
    @Test
    void aStartIsAnsweredWhenItsWaitIsOverAndItsLaunchGoesOn() throws Exception {
        bridge = TestBridge.start(vertx, config -> config, InlineLaunches.bounded(2, Duration.ofMillis(500)));
        holdTheNextLaunch();
        String request = Requests.identityVerification("held-wait").encode();

        HttpResponseData started = send(() -> bridge.postJson(PATH, request, "Idempotency-Key", "held-wait"))
                .get(ANSWERED.toSeconds(), TimeUnit.SECONDS);

        assertThat(release.getCount()).as("the platform still holds the launch").isEqualTo(1);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().getString("status")).isEqualTo("CREATED");
        assertThat(started.json().getValue("launch")).isNull();
        String id = started.json().getString("id");

        release.countDown();
        await(() -> bridge.submission(id).launch().isPresent(), "the launch kept on the submission");
        HttpResponseData repeat = bridge.postJson(PATH, request, "Idempotency-Key", "held-wait");
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.json().getJsonObject("launch").getString("sdkToken")).startsWith("sdk-token-");
        assertThat(bridge.platform.calls(FakeOneKycPlatform.Call.INITIATE_VERIFICATION)).isEqualTo(1);
    }

    /** The next launch waits for {@link #release}; the fake platform answers one call at a time, so all after it do. */
    private void holdTheNextLaunch() {
        bridge.platform.meanwhileNext(FakeOneKycPlatform.Call.INITIATE_VERIFICATION, () -> {
            launchHeld.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private long startsBegun() {
        return bridge.useCaseThreads.stream().filter(line -> line.startsWith("startIdentityVerification")).count();
    }

    private CompletableFuture<HttpResponseData> send(Supplier<HttpResponseData> request) {
        return CompletableFuture.supplyAsync(request, senders);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWERED.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
