package dev.onekycbridge.sandbox.validation;

import dev.onekycbridge.sandbox.errors.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code metadata.consentData}: a non-empty array of complete records, at least one with consent given, each with
 * its texts per locale (§3.4).
 *
 * <p>The schema says the timestamp is in milliseconds, the examples send seconds: both are taken. A value below
 * 10^11 reads as seconds (10^11 seconds is the year 5138; 10^11 milliseconds is 1973).
 */
final class ConsentRules {

    private static final long SECONDS_LIMIT = 100_000_000_000L;
    private static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    private ConsentRules() {
    }

    static void check(JsonObject metadata, Instant now, List<Problem> problems) {
        JsonArray records = JsonFields.array(metadata, "consentData");
        if (records == null || records.isEmpty()) {
            problems.add(Problem.CONSENT_DATA_CAN_NOT_BE_EMPTY);
            return;
        }
        boolean anyGiven = false;
        for (Object item : records) {
            if (!(item instanceof JsonObject record)) {
                problems.add(Problem.CONSENT_DATA_IS_INVALID);
                continue;
            }
            checkRecord(record, now, problems);
            anyGiven |= Boolean.TRUE.equals(JsonFields.bool(record, "consentGiven"));
        }
        if (!anyGiven) {
            problems.add(Problem.CONSENT_NOT_GIVEN);
        }
    }

    private static void checkRecord(JsonObject record, Instant now, List<Problem> problems) {
        addOnce(problems, JsonFields.filled(record, "entity") == null, Problem.CONSENT_ENTITY_CAN_NOT_BE_EMPTY);
        addOnce(problems, JsonFields.filled(record, "consentType") == null, Problem.CONSENT_TYPE_CAN_NOT_BE_EMPTY);
        addOnce(problems, JsonFields.bool(record, "consentGiven") == null, Problem.CONSENT_GIVEN_CAN_NOT_BE_EMPTY);
        JsonObject details = JsonFields.object(record, "details");
        if (details == null || details.isEmpty()) {
            addOnce(problems, true, Problem.CONSENT_DETAILS_CAN_NOT_BE_EMPTY);
        } else {
            addOnce(problems, !areTexts(details), Problem.CONSENT_DETAILS_IS_INVALID);
        }
        Object timestamp = record.getValue("timeStamp");
        if (timestamp == null) {
            addOnce(problems, true, Problem.CONSENT_TIMESTAMP_CAN_NOT_BE_EMPTY);
        } else {
            addOnce(problems, !isPlausible(timestamp, now), Problem.CONSENT_TIMESTAMP_IS_INVALID);
        }
    }

    /** Keyed by locale ({@code en_ID}, {@code id_ID}), each {@code {url, text}} with an absolute http(s) URL. */
    private static boolean areTexts(JsonObject details) {
        for (String locale : details.fieldNames()) {
            JsonObject text = JsonFields.object(details, locale);
            String url = JsonFields.filled(text, "url");
            if (!Formats.isLocale(locale) || text == null || url == null || !Formats.isHttpUrl(url)
                    || JsonFields.filled(text, "text") == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlausible(Object timestamp, Instant now) {
        if (!(timestamp instanceof Integer || timestamp instanceof Long)) {
            return false;
        }
        long value = ((Number) timestamp).longValue();
        if (value <= 0) {
            return false;
        }
        Instant at = value < SECONDS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        return !at.isAfter(now.plus(ALLOWED_CLOCK_SKEW));
    }

    private static void addOnce(List<Problem> problems, boolean failed, Problem problem) {
        if (failed && !problems.contains(problem)) {
            problems.add(problem);
        }
    }
}
