package dev.onekycbridge.core.service;

import java.util.regex.Pattern;

/**
 * The message of an exception from a platform client or uploader, as the driver logs it and keeps it as a
 * submission's last failure. Such a message names the call and how it failed, and a client's refusals hold only
 * what {@link dev.onekycbridge.core.port.out.PlatformError} lets through; but a client may also quote what it was
 * sent or answered. What a pattern can find of that (long digit runs, which a NIK or a phone number is, and e-mail
 * addresses) is masked here, whichever client wrote it.
 */
final class ClientMessages {
    /** As {@link dev.onekycbridge.core.port.out.PlatformError}'s constants: seven digits or more in a row. */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{7,}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");

    private ClientMessages() {
    }

    /** The exception's message with what may be personal masked, or its class when it has none. */
    static String of(RuntimeException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String withoutEmails = EMAIL.matcher(message).replaceAll("(e-mail withheld)");
        return DIGIT_RUN.matcher(withoutEmails).replaceAll("(digits withheld)");
    }
}
