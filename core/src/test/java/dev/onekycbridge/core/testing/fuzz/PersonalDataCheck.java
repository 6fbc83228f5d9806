package dev.onekycbridge.core.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what in an error message looks like personal data taken from the input: a known personal-looking
 * value (in any case, a name being written in capitals as often as not), a date of birth of the seeds, a run of
 * eight or more digits that the input also holds (a NIK, a phone number; shorter runs are codes, counts and sizes),
 * or an e-mail address.
 */
public final class PersonalDataCheck {
    /**
     * The dates of birth the seeds carry, as the payloads write them (dd-MM-yyyy) and in ISO form (yyyy-MM-dd), the
     * form a message that parsed one would repeat.
     */
    public static final List<String> DATES_OF_BIRTH = List.of("15-05-1990", "1990-05-15", "18-02-1960",
            "1960-02-18");

    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{8,}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\"'<>()\\[\\]{},;:]+@[^\\s@\"'<>()\\[\\]{},;:]+");

    private PersonalDataCheck() {
    }

    /**
     * The known personal-looking values {@code text} holds: those of the generator ({@link JsonMutator#PII_LIKE}), in
     * any case, and the dates of birth.
     */
    public static List<String> personalValues(String text) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String value : JsonMutator.PII_LIKE) {
            if (lower.contains(value.toLowerCase(Locale.ROOT))) {
                found.add(value);
            }
        }
        for (String date : DATES_OF_BIRTH) {
            if (text.contains(date)) {
                found.add(date);
            }
        }
        return found;
    }

    /** What {@code message} repeats of {@code input} that looks like personal data; empty when nothing. */
    public static List<String> leaks(String message, String input) {
        List<String> leaks = new ArrayList<>();
        if (message == null) {
            return leaks;
        }
        for (String value : personalValues(message)) {
            leaks.add("the value " + value);
        }
        Matcher digits = DIGIT_RUN.matcher(message);
        while (digits.find()) {
            if (input.contains(digits.group())) {
                leaks.add("the digit run " + digits.group());
            }
        }
        Matcher email = EMAIL.matcher(message);
        while (email.find()) {
            leaks.add("the e-mail address " + email.group());
        }
        return leaks;
    }

    /** The messages of a throwable and of its causes, each with its class. */
    public static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null && messages.size() < 10; t = t.getCause()) {
            messages.add(t.toString());
        }
        return messages;
    }
}
