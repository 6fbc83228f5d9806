package dev.onekycbridge.core.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what in an error message looks like personal data taken from the input: a known personal-looking
 * value, a run of eight or more digits that the input also holds (a NIK, a phone number; shorter runs are codes,
 * counts and sizes), or an e-mail address.
 */
public final class PersonalDataCheck {
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{8,}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\"'<>()\\[\\]{},;:]+@[^\\s@\"'<>()\\[\\]{},;:]+");

    private PersonalDataCheck() {
    }

    /** What {@code message} repeats of {@code input} that looks like personal data; empty when nothing. */
    public static List<String> leaks(String message, String input) {
        List<String> leaks = new ArrayList<>();
        if (message == null) {
            return leaks;
        }
        for (String value : JsonMutator.PII_LIKE) {
            if (message.contains(value)) {
                leaks.add("the value " + value);
            }
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
