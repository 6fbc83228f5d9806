package dev.onekycbridge.adapter.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.callback.InboxEntry;
import dev.onekycbridge.core.callback.InboxState;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.submission.SubmissionStatus;
import dev.onekycbridge.core.testing.fuzz.FuzzSettings;
import dev.onekycbridge.core.testing.fuzz.JsonMutator;
import dev.onekycbridge.core.testing.fuzz.PersonalDataCheck;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three callback receivers under mutated callbacks, over real HTTP to the real server and the real core
 * callback service, about a submission the store holds: every answer is 200, 400 or 413 (never 5xx); a 400
 * stores the body once as REJECTED and nothing as PENDING, and applying the due callbacks afterwards leaves it
 * REJECTED and the submission unchanged; 413 stores nothing; no answer repeats what looks like personal
 * data; applying an accepted callback never fails with an exception. {@code -Dfuzz.iterations} callbacks
 * (10,000 by default). The receivers decode with {@link ContractDecoder}: this module must not depend on the
 * client adapter, whose decoder is fuzzed there, and behind the service's receivers in app's
 * {@code ServiceCallbackFuzzTest}.
 */
class CallbackReceiverFuzzTest {
    private static final String[] PATHS = {"/callbacks/esign", "/callbacks/coe", "/callbacks/siv"};
    private static final String[] METHODS = {"POST", "PUT", "PATCH"};
    private static final Set<Integer> ANSWERS = Set.of(200, 400, 413);
    private static final int EPOCH = 500;

    private static Vertx vertx;
    private FuzzBridge bridge;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() {
        bridge = FuzzBridge.start(vertx);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    /** A confirmed registration, driven there through the partner API and the driver; returns its id. */
    private SubmissionId confirmedRegistration(int epoch) {
        MultipartBody form = new MultipartBody(epoch)
                .text("details", "application/json", PartnerRequestSeeds.forUser(
                        PartnerRequestSeeds.REGISTRATION.getBytes(StandardCharsets.UTF_8), "cb-" + epoch))
                .file("ktp", "ktp.jpg", "image/jpeg", dev.onekycbridge.core.testing.TestData.jpeg(4096))
                .file("selfie", "selfie.png", "image/png", dev.onekycbridge.core.testing.TestData.png(4096));
        FuzzBridge.Answer answer = bridge.send("POST", "/v1/certificate-registrations", form.contentType(),
                form.bytes());
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        SubmissionId id = SubmissionId.parse(new JsonObject(answer.body()).getString("id"));
        for (int step = 0; step < 10 && bridge.store.findById(id).orElseThrow().status() != SubmissionStatus.CONFIRMED;
                step++) {
            bridge.driver.advanceDueSubmissions(10);
        }
        assertThat(bridge.store.findById(id).orElseThrow().status()).isEqualTo(SubmissionStatus.CONFIRMED);
        return id;
    }

    @Test
    void everyMutatedCallbackIsStoredOrRefusedWithoutA5xxAndARefusedOneIsNeverApplied() {
        int iterations = FuzzSettings.iterations();
        List<String> failures = new ArrayList<>();
        int stored = 0;
        int rejected = 0;
        int refusedUnread = 0;
        int run = 0;
        long started = System.nanoTime();
        SubmissionId target = null;
        long lastEntryId = 0;
        Map<InboxState, Integer> totals = new java.util.EnumMap<>(InboxState.class);
        JsonMutator mutator = null;
        for (int i = 0; i < iterations && failures.size() < 20; i++, run++) {
            if (i % EPOCH == 0) {
                if (i > 0) {
                    bridge.state().inboxByState().forEach((state, count) -> totals.merge(state, count, Integer::sum));
                    // A fresh server, store and inbox per epoch keep every comparison small.
                    bridge.close();
                    bridge = FuzzBridge.start(vertx);
                    lastEntryId = 0;
                }
                target = confirmedRegistration(i / EPOCH);
                String platformId = bridge.store.findById(target).orElseThrow().platformSubmissionId().orElseThrow();
                List<String> seeds = CallbackSeeds.ALL.stream()
                        .map(seed -> seed.replace(CallbackSeeds.PLATFORM_ID, platformId)).toList();
                mutator = new JsonMutator(FuzzSettings.seed() + 7 * (i / EPOCH), seeds);
            }
            JsonMutator.Case input = mutator.next(i);
            String path = PATHS[i % PATHS.length];
            String method = METHODS[(i / 3) % METHODS.length];
            String contentType = switch (i % 11) {
                case 0 -> "application/json; charset=utf-8";
                case 1 -> "application/problem+json";
                case 2 -> "text/plain";
                default -> "application/json";
            };
            Submission before = bridge.store.findById(target).orElseThrow();
            FuzzBridge.State stateBefore = bridge.state();
            long lastIdBefore = lastEntryId;
            FuzzBridge.Answer answer = bridge.send(method, path, contentType, input.bytes());
            FuzzBridge.State stateAfter = bridge.state();
            String described = input.describe() + "\n  sent " + method + " " + path + " as " + contentType
                    + ", answered " + answer.status() + ": " + PartnerApiFuzzTest.excerpt(answer.body());
            List<InboxEntry> added = bridge.inbox.all().stream().filter(e -> e.id() > lastIdBefore).toList();
            lastEntryId = Math.max(lastEntryId, added.stream().mapToLong(InboxEntry::id).max().orElse(0));
            int status = answer.status();
            if (!ANSWERS.contains(status)) {
                failures.add(described + "\n  answered " + status);
                continue;
            }
            if (status == 200) {
                stored++;
                boolean duplicate = added.isEmpty() && stateAfter.inbox().equals(stateBefore.inbox());
                boolean pending = added.size() == 1 && added.get(0).state() == InboxState.PENDING;
                if (!duplicate && !pending) {
                    failures.add(described + "\n  answered 200, but the inbox gained " + added);
                }
            } else if (status == 400) {
                rejected++;
                if (added.size() != 1 || added.get(0).state() != InboxState.REJECTED) {
                    failures.add(described + "\n  answered 400, but the inbox gained " + added);
                }
                if (!stateAfter.inboxByState().getOrDefault(InboxState.PENDING, 0)
                        .equals(stateBefore.inboxByState().getOrDefault(InboxState.PENDING, 0))) {
                    failures.add(described + "\n  answered 400, but a PENDING entry was added");
                }
            } else {
                refusedUnread++;
                if (!stateAfter.equals(stateBefore)) {
                    failures.add(described + "\n  answered " + status + ", but the state went from " + stateBefore
                            + " to " + stateAfter);
                }
            }
            if (status != 200) {
                List<String> leaks = PersonalDataCheck.leaks(answer.body(), input.text());
                if (!leaks.isEmpty()) {
                    failures.add(described + "\n  the refusal repeats " + leaks);
                }
            }

            bridge.callbacks.processDueCallbacks(20);

            Submission after = bridge.store.findById(target).orElseThrow();
            if (status != 200 && !after.equals(before)) {
                failures.add(described + "\n  refused, yet the submission changed from " + before.status() + " v"
                        + before.version() + " to " + after.status() + " v" + after.version());
            }
            for (InboxEntry entry : bridge.inbox.all()) {
                if (entry.id() <= lastIdBefore) {
                    continue; // looked at after its own request
                }
                boolean wasRejected = added.stream().anyMatch(a -> a.id() == entry.id()
                        && a.state() == InboxState.REJECTED);
                if (wasRejected && entry.state() != InboxState.REJECTED) {
                    failures.add(described + "\n  a rejected entry became " + entry.state());
                }
                if (entry.state() == InboxState.PARKED && entry.lastError() != null
                        && entry.lastError().startsWith("applying failed")) {
                    failures.add(described + "\n  applying the stored callback failed: " + entry.lastError());
                    bridge.inbox.reject(entry.id(), "seen by the fuzz", FuzzBridge.NOW);
                }
            }
        }
        Map<InboxState, Integer> inbox = totals;
        bridge.state().inboxByState().forEach((state, count) -> totals.merge(state, count, Integer::sum));
        FuzzSettings.report(String.format("callback fuzz: %d callbacks in %d ms: %d answered 200, %d rejected"
                        + " (400), %d refused unread (413), %d failures; inbox %s", run,
                (System.nanoTime() - started) / 1_000_000, stored, rejected, refusedUnread, failures.size(), inbox));

        assertThat(failures).as("callbacks the receivers mishandled").isEmpty();
        assertThat(stored).isPositive();
        assertThat(rejected).isPositive();
        assertThat(inbox).containsKey(InboxState.APPLIED);
    }
}
