package dev.onekycbridge.core.identity;

import static dev.onekycbridge.core.validation.RejectionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PartnerUserTest {
    private static final String VISIBLE_ASCII = "may hold only visible ASCII characters, without spaces";

    @Test
    void holdsTheIdAndItsType() {
        var user = new PartnerUser("user-42", "CLIENT_X_USER_ID");

        assertThat(user.userId()).isEqualTo("user-42");
        assertThat(user.userIdType()).isEqualTo("CLIENT_X_USER_ID");
    }

    @Test
    void acceptsEveryVisibleAsciiCharacter() {
        StringBuilder visible = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            visible.append(c);
        }

        assertThat(new PartnerUser(visible.toString(), "T").userId()).hasSize(94);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void requiresAnId(String id) {
        var rejection = assertRejected(id, "partnerUserId", () -> new PartnerUser(id, "CLIENT_X_USER_ID"));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void requiresAType(String type) {
        var rejection = assertRejected(type, "partnerUserIdType", () -> new PartnerUser("user-42", type));
        assertThat(rejection.reason()).isEqualTo("is required");
    }

    @Test
    void acceptsOneHundredTwentyEightCharacters() {
        String id = "u".repeat(128);

        assertThat(new PartnerUser(id, "t".repeat(128)).userId()).isEqualTo(id);
    }

    @Test
    void rejectsOneHundredTwentyNineCharacters() {
        String id = "u".repeat(129);
        var rejection = assertRejected(id, "partnerUserId", () -> new PartnerUser(id, "T"));
        assertThat(rejection.reason()).isEqualTo("must be at most 128 characters");

        assertRejected(id, "partnerUserIdType", () -> new PartnerUser("user-42", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user 42", "user\t42", "user\n42", "usér-42", "user-42\u007f", "user\u000042", "用户"})
    void rejectsSpacesControlAndNonAsciiCharacters(String id) {
        var rejection = assertRejected(id, "partnerUserId", () -> new PartnerUser(id, "CLIENT_X_USER_ID"));
        assertThat(rejection.reason()).isEqualTo(VISIBLE_ASCII);

        assertRejected(id, "partnerUserIdType", () -> new PartnerUser("user-42", id));
    }

    @Test
    void theIdIsCheckedBeforeTheType() {
        assertRejected(null, "partnerUserId", () -> new PartnerUser(null, null));
    }
}
