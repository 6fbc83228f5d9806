package dev.onekycbridge.app.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.testing.fuzz.FuzzSettings;
import dev.onekycbridge.core.testing.fuzz.JsonMutator;
import dev.onekycbridge.core.testing.fuzz.PersonalDataCheck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The three callback receivers of the service as production wires it (the OneKYC client's decoder, the SQLite
 * store, the callback authorization), under mutated callbacks of each channel aimed at the submission that channel
 * reports on: a confirmed registration (Esign, by the platform's id), a confirmed KTP scan (COE, by the platform's
 * id) and a launched identity verification (SIV, by its session, or by its partner user). Every answer is 200, 400
 * or 413, never a 5xx nor a closed connection; a 400 leaves one REJECTED entry and changes nothing else, a 413
 * changes nothing, a 200 stores one PENDING entry (or none, a duplicate) and changes no submission; no refusal
 * repeats personal-looking input. After each request the due callbacks are applied: that never throws nor leaves an
 * entry or a submission leased or an entry failed, the rejected entry stays REJECTED, no submission goes back to an
 * earlier status, and a final one keeps its status and result. Nothing but the conflicts the design reports and the
 * results the bridge does not know (repeating no personal-looking input) is logged at WARN or above, and no thread dies of an exception. {@code -Dfuzz.iterations} callbacks (10,000 by
 * default).
 */
class ServiceCallbackFuzzTest {
    private static final Set<Integer> ANSWERS = Set.of(200, 400, 413);
    private static final String[] METHODS = {"POST", "PUT", "PATCH"};
    /** The statuses before a final one, in their order. */
    private static final List<String> STATUS_ORDER = List.of("CREATED", "INITIATED", "UPLOADED", "CONFIRMED",
            "PARTIALLY_COMPLETED");
    /**
     * Fresh submissions to aim at, on a fresh service, every so many cases: once final, a submission takes most
     * callbacks as conflicts.
     */
    private static final int EPOCH = 500;

    private enum Channel {
        ESIGN("/callbacks/esign", ChannelSeeds.ESIGN),
        COE("/callbacks/coe", ChannelSeeds.COE),
        SIV("/callbacks/siv", ChannelSeeds.SIV);

        final String path;
        final List<String> seeds;

        Channel(String path, List<String> seeds) {
            this.path = path;
            this.seeds = seeds;
        }
    }

    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> answers = new HashMap<>();

    @Test
    void everyMutatedCallbackOfEachChannelIsAnsweredWithoutA5xxAndARefusedOneChangesNothing() {
        int iterations = FuzzSettings.iterations();
        long started = System.nanoTime();
        int run = 0;
        Map<String, Long> inbox = new TreeMap<>();
        Map<String, Integer> submissions = new TreeMap<>();
        try (LogWatch logs = LogWatch.start()) {
            for (int epoch = 0; run < iterations && failures.size() < 20; epoch++) {
                String setUp = "setting up epoch " + epoch;
                String ended = "at the end of epoch " + epoch;
                // A fresh service, sandbox and database per epoch keep every read of the state small.
                try (FuzzedService service = FuzzedService.start()) {
                    logs.drain(); // the start's own lines are not the fuzz's
                    Map<Channel, JsonMutator> mutators = aimAtNewSubmissions(service, epoch);
                    Map<String, FuzzedService.Row> settled = submissionsKeepingTheirResults(service, Map.of(), setUp);
                    checkLogs(logs, setUp);
                    int last = Math.min(iterations, (epoch + 1) * EPOCH);
                    for (int i = epoch * EPOCH; i < last && failures.size() < 20; i++, run++) {
                        settled = sendAndApply(service, logs, mutators, i, settled);
                    }
                    settled = applyDueCallbacks(service, settled, ended);
                    checkSettledEntries(service, ended);
                    checkLogs(logs, ended);
                    service.entriesByState().forEach((state, count) -> inbox.merge(state, count, Long::sum));
                    settled.values().forEach(row -> submissions.merge(row.status(), 1, Integer::sum));
                }
                checkLogs(logs, "stopping the service of epoch " + epoch);
            }
        }
        FuzzSettings.report(String.format("service callback fuzz: %d callbacks in %d ms: %d answered 200, %d rejected"
                        + " (400), %d refused unread (413), %d failures; inbox %s; submissions %s", run,
                (System.nanoTime() - started) / 1_000_000, answers.getOrDefault(200, 0), answers.getOrDefault(400, 0),
                answers.getOrDefault(413, 0), failures.size(), inbox, submissions));

        assertThat(failures).as("callbacks the service mishandled").isEmpty();
        assertThat(answers).containsKeys(200, 400);
        assertThat(inbox).containsKey("APPLIED");
    }

    /**
     * A confirmed registration, a confirmed KTP scan and a launched identity verification of users of their own,
     * and each channel's seeds aimed at its submission. The identity verification's platform id is new to the
     * service, as it is before its result arrives.
     */
    private static Map<Channel, JsonMutator> aimAtNewSubmissions(FuzzedService service, int epoch) {
        FuzzedService.Target registration = service.confirmedRegistration("fz-reg-" + epoch);
        FuzzedService.Target scan = service.confirmedKtpScan("fz-ktp-" + epoch);
        FuzzedService.Target verification = service.launchedIdentityVerification("fz-siv-" + epoch);
        String verificationPlatformId = UUID.nameUUIDFromBytes(("siv-" + epoch).getBytes(StandardCharsets.UTF_8))
                .toString();
        Map<Channel, List<String>> aimed = Map.of(
                Channel.ESIGN, ChannelSeeds.aimedAt(Channel.ESIGN.seeds, registration.platformId(),
                        registration.session(), registration.user()),
                Channel.COE, ChannelSeeds.aimedAt(Channel.COE.seeds, scan.platformId(), scan.session(), scan.user()),
                Channel.SIV, ChannelSeeds.aimedAt(Channel.SIV.seeds, verificationPlatformId, verification.session(),
                        verification.user()));
        Map<Channel, JsonMutator> mutators = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            mutators.put(channel, new JsonMutator(FuzzSettings.seed() + 31L * epoch + channel.ordinal(),
                    aimed.get(channel)));
        }
        return mutators;
    }

    /**
     * Sends case {@code i}, a mutated callback of one channel, checks what the request changed, then applies the due
     * callbacks; returns the submissions after.
     */
    private Map<String, FuzzedService.Row> sendAndApply(FuzzedService service, LogWatch logs,
                                                        Map<Channel, JsonMutator> mutators, int i,
                                                        Map<String, FuzzedService.Row> before) {
        Channel channel = Channel.values()[i % 3];
        JsonMutator.Case input = mutators.get(channel).next(i);
        // Now and then a channel's callback arrives at another channel's receiver.
        String path = i % 17 == 0 ? Channel.values()[(i + 1) % 3].path : channel.path;
        String method = METHODS[(i / 3) % METHODS.length];
        String contentType = switch (i % 11) {
            case 0 -> "application/json; charset=utf-8";
            case 1 -> "application/problem+json";
            case 2 -> "text/plain";
            case 3 -> null;
            default -> "application/json";
        };
        String described = input.describe() + "\n  sent " + method + " " + path + " as " + contentType;
        long lastBefore = service.lastEntryId();
        FuzzedService.EarlierEntries earlierEntries = service.earlierEntries(lastBefore);
        KeptAliveConnection.Answer answer = service.callback(method, path, contentType, input.bytes());
        String told = described + ", answered " + answer.status() + ": " + excerpt(answer.body());
        int status = answer.status();
        answers.merge(status, 1, Integer::sum);
        Map<String, FuzzedService.Row> after = service.submissions();
        List<FuzzedService.Entry> added = service.entriesAfter(lastBefore);
        if (!ANSWERS.contains(status)) {
            failures.add(told + "\n  answered " + status);
        }
        if (!after.equals(before)) {
            // Callbacks are stored, and applied only after the answer: no answer changes a submission.
            failures.add(told + "\n  the submissions went from " + before + " to " + after);
        }
        FuzzedService.EarlierEntries earlierAfter = service.earlierEntries(lastBefore);
        if (!earlierAfter.equals(earlierEntries)) {
            failures.add(told + "\n  the earlier inbox entries went from " + earlierEntries + " to "
                    + earlierAfter);
        }
        boolean stored = added.size() == 1 && added.get(0).state().equals("PENDING");
        boolean rejected = added.size() == 1 && added.get(0).state().equals("REJECTED");
        if (status == 200 && !stored && !added.isEmpty()) {
            failures.add(told + "\n  answered 200, but the inbox gained " + added);
        } else if (status == 400 && !rejected) {
            failures.add(told + "\n  answered 400, but the inbox gained " + added + " (one REJECTED entry is kept"
                    + " for audit)");
        } else if (status != 200 && status != 400 && !added.isEmpty()) {
            failures.add(told + "\n  answered " + status + ", but the inbox gained " + added);
        }
        if (status != 200) {
            List<String> leaks = PersonalDataCheck.leaks(answer.body(), input.text());
            if (!leaks.isEmpty()) {
                failures.add(told + "\n  the refusal repeats " + leaks);
            }
        }
        Map<String, FuzzedService.Row> applied = applyDueCallbacks(service, after, told);
        checkLogs(logs, told, input.text());
        if (rejected) {
            String now = service.entryState(added.get(0).id());
            if (!now.equals("REJECTED")) {
                failures.add(told + "\n  the rejected entry became " + now);
            }
        }
        return applied;
    }

    /** Applies every due callback as the callback worker does; returns the submissions after, checked. */
    private Map<String, FuzzedService.Row> applyDueCallbacks(FuzzedService service,
                                                              Map<String, FuzzedService.Row> before, String told) {
        try {
            while (service.processDueCallbacks(50) == 50) {
                // more are due
            }
        } catch (RuntimeException e) {
            failures.add(told + "\n  applying the due callbacks threw " + e);
        }
        return submissionsKeepingTheirResults(service, before, told);
    }

    /**
     * The submissions now, having checked that none is left leased or went back to an earlier status, and that a
     * final one kept its result.
     */
    private Map<String, FuzzedService.Row> submissionsKeepingTheirResults(FuzzedService service,
                                                                         Map<String, FuzzedService.Row> before,
                                                                         String told) {
        Map<String, FuzzedService.Row> after = service.submissions();
        after.forEach((id, now) -> {
            FuzzedService.Row was = before.get(id);
            if (now.leaseOwner() != null) {
                failures.add(told + "\n  submission " + id + " is left leased by " + now.leaseOwner());
            }
            if (was == null) {
                return;
            }
            if (was.isFinal() && !now.keepsTheResultOf(was)) {
                failures.add(told + "\n  final submission " + id + " went from " + was + " to " + now);
            } else if (!was.isFinal() && !now.isFinal()
                    && STATUS_ORDER.indexOf(now.status()) < STATUS_ORDER.indexOf(was.status())) {
                failures.add(told + "\n  submission " + id + " went back from " + was + " to " + now);
            }
        });
        return after;
    }

    /**
     * No inbox entry is left leased (taken, then neither applied, parked nor given up), and none was parked because
     * applying it threw: the callback service catches that and tries again later, so only its entry tells. Read at
     * the end of each epoch rather than after each case: a row's lease and error are stored after its body.
     */
    private void checkSettledEntries(FuzzedService service, String when) {
        List<FuzzedService.Entry> leased = service.leasedEntries();
        if (!leased.isEmpty()) {
            failures.add("entries left leased " + when + ": " + leased);
        }
        List<FuzzedService.Entry> failed = service.entriesFailedToApply();
        if (!failed.isEmpty()) {
            failures.add("entries whose application threw, " + when + ": " + failed);
        }
    }

    private void checkLogs(LogWatch logs, String told) {
        checkLogs(logs, told, null);
    }

    /** As above, after the callback {@code sent}: a warning of an unknown result must not repeat what it holds. */
    private void checkLogs(LogWatch logs, String told, String sent) {
        // A report that contradicts a final result is kept as a conflict and told at WARN, by design; so is a
        // result the bridge does not know, which a mutated result is (its value withheld unless it is a code).
        List<String> lines = new ArrayList<>();
        for (String line : logs.drain()) {
            if (line.contains(" dev.onekycbridge.app.ConflictLog - ")) {
                continue;
            }
            if (line.contains(" dev.onekycbridge.core.service.UnknownResults - ")
                    && (sent == null || PersonalDataCheck.leaks(line, sent).isEmpty())) {
                continue;
            }
            lines.add(excerpt(line, 4000));
        }
        if (!lines.isEmpty()) {
            failures.add(told + "\n  logged " + lines);
        }
    }

    private static String excerpt(String text) {
        return excerpt(text, 400);
    }

    private static String excerpt(String text, int length) {
        return text.length() > length ? text.substring(0, length) + "…" : text;
    }
}
