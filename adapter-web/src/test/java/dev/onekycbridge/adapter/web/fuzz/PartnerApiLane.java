package dev.onekycbridge.adapter.web.fuzz;

import dev.onekycbridge.core.submission.SubmissionId;
import dev.onekycbridge.core.testing.fuzz.JsonMutator;
import dev.onekycbridge.core.testing.fuzz.PersonalDataCheck;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One server of the partner API fuzz and the cases it takes (every other one), with what they left there: the
 * users and idempotency keys of the requests it accepted, which later cases send again, so that a request of a
 * user with an active submission (409), a key used before with another request (409) and a repeat with its key
 * (the first answer again) are fuzzed beside new requests. The state is read once per case: the state after one
 * request is the state before the next, nothing else running on the server.
 */
final class PartnerApiLane {
    private static final Set<Integer> REFUSALS = Set.of(400, 409, 413, 415, 422);

    /** A request accepted with a key: sent again as it was, it must be answered as a repeat. */
    private record Keyed(PartnerApiFuzzTest.Request request, List<String> headers, String id) {
    }

    /** How a case varies its request: its user and its {@code Idempotency-Key}. */
    private record Variation(String user, List<String> headers, Keyed repeated, String described) {
    }

    private final FuzzBridge bridge;
    private final int imagesPerSubmission;
    private final List<String> acceptedUsers = new ArrayList<>();
    private final List<Keyed> acceptedWithKeys = new ArrayList<>();
    private FuzzBridge.State state;
    int cases;
    int accepted;
    int replayed;
    int refused;
    int conflicts;

    /** @param imagesPerSubmission how many images an accepted request stages (2 for a registration, 1 for a scan) */
    PartnerApiLane(FuzzBridge bridge, int imagesPerSubmission) {
        this.bridge = bridge;
        this.imagesPerSubmission = imagesPerSubmission;
        this.state = bridge.state();
    }

    void check(JsonMutator.Case input, int i, PartnerApiFuzzTest.RequestMaker maker, List<String> failures) {
        cases++;
        Variation variation = variation(input, i);
        PartnerApiFuzzTest.Request request = variation.repeated() != null ? variation.repeated().request()
                : maker.make(i, PartnerRequestSeeds.forUser(input.bytes(), variation.user()));
        FuzzBridge.State before = state;
        FuzzBridge.Answer answer = bridge.send(request.method(), request.path(), request.contentType(),
                request.body(), variation.headers());
        FuzzBridge.State after = bridge.state();
        state = after;
        Supplier<String> described = () -> input.describe() + "\n  sent " + request.variant() + variation.described()
                + ", answered " + answer.status() + (answer.replayed() ? " (replayed)" : "") + ": "
                + PartnerApiFuzzTest.excerpt(answer.body());
        int status = answer.status();
        if (variation.repeated() != null && !(status >= 200 && status < 300 && answer.replayed())) {
            failures.add(described.get() + "\n  a repeat with its key was not answered as a repeat");
        }
        if (status >= 200 && status < 300 && answer.replayed()) {
            replayed++;
            if (!after.equals(before)) {
                failures.add(described.get() + "\n  a repeat changed the state from " + before + " to " + after);
            }
            if (variation.repeated() != null && !variation.repeated().id().equals(idIn(answer))) {
                failures.add(described.get() + "\n  a repeat answered with another submission than "
                        + variation.repeated().id());
            }
        } else if (status >= 200 && status < 300) {
            accepted++;
            checkAccepted(before, after, answer, described, failures);
            if (variation.user().equals(partnerUserIn(answer))) {
                acceptedUsers.add(variation.user());
            }
            if (variation.headers().size() == 1) {
                acceptedWithKeys.add(new Keyed(request, variation.headers(), idIn(answer)));
            }
        } else if (REFUSALS.contains(status)) {
            refused++;
            conflicts += status == 409 ? 1 : 0;
            if (!after.equals(before)) {
                failures.add(described.get() + "\n  refused, but the state went from " + before + " to " + after);
            }
            if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
                failures.add(described.get() + "\n  refused without a problem document: " + answer.contentType());
            }
            List<String> leaks = PersonalDataCheck.leaks(PartnerApiFuzzTest.withoutFieldPaths(answer.body()),
                    new String(request.body(), StandardCharsets.UTF_8));
            if (!leaks.isEmpty()) {
                failures.add(described.get() + "\n  the refusal repeats " + leaks);
            }
        } else {
            failures.add(described.get() + "\n  answered " + status);
        }
    }

    /**
     * Most cases are a new user's, without a key. Of every twenty a lane takes: two are sent by a user whose request
     * was accepted before, two with a mutated key, two with a new key, two with a key accepted before but another
     * request, and one is not mutated but an accepted request sent again as it was, with its key.
     */
    private Variation variation(JsonMutator.Case input, int i) {
        String user = "fz-" + i;
        int turn = i / 2 % 10;
        if (turn == 1 && !acceptedUsers.isEmpty()) {
            String earlier = acceptedUsers.get(i / 20 % acceptedUsers.size());
            return new Variation(earlier, List.of(), null, " by the earlier user " + earlier);
        }
        if (turn == 3) {
            List<String> headers = mutatedKey(new SplittableRandom(input.seed()), input.text());
            return new Variation(user, headers, null, " with " + PartnerApiFuzzTest.excerpt(headers.toString()));
        }
        if (turn == 5) {
            return new Variation(user, List.of(FuzzBridge.IDEMPOTENCY_KEY + ": fz-key-" + i), null,
                    " with a new key");
        }
        if (turn == 7 && !acceptedWithKeys.isEmpty()) {
            Keyed earlier = acceptedWithKeys.get(i / 20 % acceptedWithKeys.size());
            return new Variation(user, earlier.headers(), null, " with the key of " + earlier.id());
        }
        if (turn == 9 && i / 20 % 2 == 0 && !acceptedWithKeys.isEmpty()) {
            Keyed earlier = acceptedWithKeys.get(i / 20 % acceptedWithKeys.size());
            return new Variation(user, earlier.headers(), earlier, " again as the request that created " + earlier.id()
                    + ", with its key");
        }
        return new Variation(user, List.of(), null, "");
    }

    /**
     * An {@code Idempotency-Key} header as a client might get it wrong, or right: a valid key, one too long, empty,
     * with a space, a control character or a letter beyond ASCII in it, a piece of the mutated input, or two
     * headers. Never a line break, which would end the header rather than be part of the key.
     */
    private static List<String> mutatedKey(SplittableRandom random, String text) {
        String name = FuzzBridge.IDEMPOTENCY_KEY + ": ";
        String key = visibleAscii(random, 1 + random.nextInt(255));
        return switch (random.nextInt(8)) {
            case 0 -> List.of(name + key);
            case 1 -> List.of(name + visibleAscii(random, 256 + random.nextInt(40)));
            case 2 -> List.of(name.strip());
            case 3 -> List.of(name + key.substring(0, key.length() / 2) + " " + key.substring(key.length() / 2));
            case 4 -> List.of(name + key + (char) (random.nextBoolean() ? 0x7f : 1 + random.nextInt(8)));
            case 5 -> List.of(name + key + (random.nextBoolean() ? "é" : "\ud83d\ude00"));
            case 6 -> List.of(name + text.substring(0, Math.min(text.length(), 1 + random.nextInt(300)))
                    .replaceAll("[\r\n]", "_"));
            default -> List.of(name + key, name + visibleAscii(random, 8));
        };
    }

    private static String visibleAscii(SplittableRandom random, int length) {
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append((char) (0x21 + random.nextInt(0x7f - 0x21)));
        }
        return key.toString();
    }

    /**
     * An accepted new request added exactly one submission, the one it answered with, and staged its images for it;
     * it changed no other submission, image or inbox entry, and its answer shows none of the applicant's data.
     */
    private void checkAccepted(FuzzBridge.State before, FuzzBridge.State after, FuzzBridge.Answer answer,
                               Supplier<String> described, List<String> failures) {
        String id = idIn(answer);
        SubmissionId created = id == null ? null : SubmissionId.parse(id);
        Map<SubmissionId, FuzzBridge.Held> others = new HashMap<>(after.submissions());
        boolean added = created != null && others.remove(created) != null;
        Set<FuzzBridge.Image> otherImages = new HashSet<>(after.stagedImages());
        otherImages.removeIf(image -> image.id().equals(created));
        boolean staged = after.stagedImages().size() - otherImages.size() == imagesPerSubmission
                && after.stagedCount() == before.stagedCount() + imagesPerSubmission;
        if (!added || !staged || !others.equals(before.submissions()) || !otherImages.equals(before.stagedImages())
                || !after.inbox().equals(before.inbox())) {
            failures.add(described.get() + "\n  accepted, but " + before.changesTo(after) + "; the state went from "
                    + before + " to " + after);
        }
        for (String value : PersonalDataCheck.personalValues(PartnerApiFuzzTest.withoutPartnerUser(answer.body()))) {
            failures.add(described.get() + "\n  the answer repeats " + value);
        }
    }

    /**
     * What the server holds at the end: a submission for each request accepted as new, and the images each staged,
     * none for anything else.
     */
    List<String> leftOver() {
        FuzzBridge.State end = bridge.state();
        List<String> wrong = new ArrayList<>();
        if (end.submissions().size() != accepted) {
            wrong.add(end.submissions().size() + " submissions after " + accepted + " requests accepted as new");
        }
        if (end.stagedCount() != imagesPerSubmission * accepted || end.stagedImages().size() != end.stagedCount()) {
            wrong.add(end.stagedCount() + " staged images (" + end.stagedImages().size() + " of stored submissions)"
                    + " after " + accepted + " accepted requests staging " + imagesPerSubmission + " each");
        }
        return wrong;
    }

    private static String idIn(FuzzBridge.Answer answer) {
        try {
            return new JsonObject(answer.body()).getString("id");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String partnerUserIn(FuzzBridge.Answer answer) {
        try {
            return new JsonObject(answer.body()).getString("partnerUserId");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
