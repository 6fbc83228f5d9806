package dev.onekycbridge.sandbox.validation;

import dev.onekycbridge.sandbox.errors.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The CERT_REG confirm's {@code metadata}: user details, contacts, locale and consent. Every failure is listed. */
public final class ConfirmMetadataRules {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    private ConfirmMetadataRules() {
    }

    public static List<Problem> check(JsonObject body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        JsonObject metadata = JsonFields.object(body, "metadata");
        if (metadata == null) {
            problems.add(Problem.METADATA_CAN_NOT_BE_EMPTY);
            return problems;
        }
        JsonObject user = JsonFields.object(metadata, "userDetails");
        if (user == null) {
            problems.add(Problem.USER_DETAILS_CAN_NOT_BE_EMPTY);
        } else {
            checkUser(user, LocalDate.ofInstant(now, JAKARTA), problems);
        }
        if (JsonFields.has(metadata, "userLocale") && !Formats.isLocale(JsonFields.text(metadata, "userLocale"))) {
            problems.add(Problem.USER_LOCALE_IS_INVALID);
        }
        ConsentRules.check(metadata, now, problems);
        if (JsonFields.has(metadata, "additionalData") && JsonFields.object(metadata, "additionalData") == null) {
            problems.add(Problem.ADDITIONAL_DATA_IS_INVALID);
        }
        return problems;
    }

    private static void checkUser(JsonObject user, LocalDate today, List<Problem> problems) {
        Object nik = user.getValue("nik");
        if (nik == null) {
            problems.add(Problem.NIK_CAN_NOT_BE_EMPTY);
        } else if (!Formats.isNikNumber(nik)) {
            problems.add(Problem.NIK_MUST_BE_A_16_DIGIT_NUMBER);
        }
        if (JsonFields.filled(user, "name") == null) {
            problems.add(Problem.NAME_CAN_NOT_BE_EMPTY);
        }
        String dateOfBirth = JsonFields.filled(user, "dateOfBirth");
        if (JsonFields.notText(user, "dateOfBirth")) {
            problems.add(Problem.DATE_OF_BIRTH_IS_INVALID);
        } else if (dateOfBirth == null) {
            problems.add(Problem.DATE_OF_BIRTH_CAN_NOT_BE_EMPTY);
        } else if (!Formats.isBirthDate(dateOfBirth, today)) {
            problems.add(Problem.DATE_OF_BIRTH_IS_INVALID);
        }
        ContactRules.check(user, ContactRules.Endpoint.CERT_REG_CONFIRM, problems);
    }
}
