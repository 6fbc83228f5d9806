package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenEndpointsTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private Http http() {
        return new Http(SANDBOX.baseUrl());
    }

    @Test
    void esignPartnerTokenCarriesExpiryAsStrings() {
        Reply reply = http().get("/v1/esign/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key");

        assertThat(reply.status()).isEqualTo(200);
        JsonObject json = reply.json();
        assertThat(json.getBoolean("success")).isTrue();
        JsonObject data = json.getJsonObject("data");
        assertThat(data.getString("token")).isNotBlank().contains(".");
        assertThat(data.getValue("expiry_seconds")).isEqualTo("1800");
        assertThat(data.getValue("expires_at")).isInstanceOf(String.class);
        long expiresAt = Long.parseLong(data.getString("expires_at"));
        assertThat(expiresAt).isBetween(Instant.now().getEpochSecond() + 1_790, Instant.now().getEpochSecond() + 1_801);
    }

    @Test
    void esignTokenWithoutClientIdIsRefusedWith1650MissingClientId() {
        Reply reply = http().get("/v1/esign/partner/authentication", "pass-key", "sandbox-pass-key");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getBoolean("success")).isFalse();
        assertThat(reply.firstError().getValue("code")).isEqualTo("1650");
        assertThat(reply.firstError().getString("cause")).isEqualTo("MISSING_CLIENT_ID");
    }

    @Test
    void esignTokenWithAnEmptyPassKeyIsRefusedWith1650MissingPassKey() {
        Reply reply = http().get("/v1/esign/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", " ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.firstError().getString("cause")).isEqualTo("MISSING_PASS_KEY");
    }

    @Test
    void esignTokenWithoutAnyCredentialListsBothMissingHeaders() {
        Reply reply = http().get("/v1/esign/partner/authentication");

        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause"))
                .containsExactly("MISSING_CLIENT_ID", "MISSING_PASS_KEY");
    }

    @Test
    void esignTokenMissingHeadersTakeTheErrorCodePagesCode1539WhenConfigured() {
        new Platform(http()).configure(new JsonObject().put("esignTokenMissingHeaderCode", 1539));

        Reply reply = http().get("/v1/esign/partner/authentication");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getValue("code")).containsExactly("1539", "1539");
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause"))
                .containsExactly("MISSING_CLIENT_ID", "MISSING_PASS_KEY");
        assertThat(reply.firstError().getString("entity")).isEqualTo("ONEKYC_TOKEN_SERVICE");
    }

    @Test
    void esignTokenMissingHeaderCodeAcceptsOnlyThePublishedCodes() {
        Reply refused = http().putJson("/_sandbox/config", new JsonObject().put("esignTokenMissingHeaderCode", 1540));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("error")).contains("esignTokenMissingHeaderCode");
        assertThat(http().get("/_sandbox/config").json().getInteger("esignTokenMissingHeaderCode")).isEqualTo(1650);
    }

    @Test
    void esignTokenWithAWrongPassKeyIsUnauthorized() {
        Reply reply = http().get("/v1/esign/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "wrong");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().containsKey("data")).isTrue();
        assertThat(reply.json().getValue("data")).isNull();
        assertThat(reply.firstError().getValue("code")).isEqualTo("110");
        assertThat(reply.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
        assertThat(reply.firstError().getString("entity")).isEqualTo("ONEKYC_TOKEN_SERVICE");
    }

    @Test
    void esignTokenForAnUnknownClientIsUnauthorized() {
        Reply reply = http().get("/v1/esign/partner/authentication", "client-id", "someone-else",
                "pass-key", "sandbox-pass-key");

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void coePartnerTokenLivesTheHourItsPagePublishesWithStringExpiry() {
        Reply reply = coePartnerToken();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().getString("token")).isNotBlank();
        assertThat(reply.data().getValue("expiry_seconds")).isEqualTo("3600");
        long expiresAt = Long.parseLong(reply.data().getString("expires_at"));
        assertThat(expiresAt).isBetween(Instant.now().getEpochSecond() + 3_590, Instant.now().getEpochSecond() + 3_601);
    }

    @Test
    void tokenTtlSecondsStillSetsBothPartnerTokensAndTheCoeOneCanBeSetAlone() {
        Reply both = http().putJson("/_sandbox/config", new JsonObject().put("tokenTtlSeconds", 5));
        Reply coe = coePartnerToken();
        Reply coeAlone = http().putJson("/_sandbox/config", new JsonObject().put("coePartnerTokenTtlSeconds", 7));

        assertThat(both.json().getLong("coePartnerTokenTtlSeconds")).isEqualTo(5);
        assertThat(coe.data().getString("expiry_seconds")).isEqualTo("5");
        assertThat(coeAlone.json().getLong("tokenTtlSeconds")).isEqualTo(5);
        assertThat(coePartnerToken().data().getString("expiry_seconds")).isEqualTo("7");
        assertThat(http().get("/v1/esign/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key").data().getString("expiry_seconds")).isEqualTo("5");
    }

    private Reply coePartnerToken() {
        return http().get("/v1/coe/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key");
    }

    @Test
    void coePartnerTokenWithoutCredentialsAnswersIntegerCode1539() {
        Reply reply = http().get("/v1/coe/partner/authentication");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().containsKey("data")).as("the page shows data: null").isTrue();
        assertThat(reply.json().getValue("data")).isNull();
        assertThat(reply.firstError().getValue("code")).isEqualTo(1539);
        assertThat(reply.firstError().getString("entity")).isEqualTo("ONEKYC_TOKEN_SERVICE");
        assertThat(reply.errors()).extracting(e -> ((JsonObject) e).getString("cause"))
                .containsExactly("CLIENT_ID_CAN_NOT_BE_EMPTY", "PASS_KEY_CAN_NOT_BE_EMPTY");
    }

    @Test
    void coePartnerTokenWithWrongCredentialsAnswersIntegerCode110() {
        Reply reply = http().get("/v1/coe/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "nope");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.firstError().getValue("code")).isEqualTo(110);
    }

    @Test
    void coeUserTokenIsIssuedForAPartnerUser() {
        Reply reply = http().get("/v2/coe/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key", "x-onboarding-partner", "SANDBOX-SDK-KTP_SCAN",
                "x-partner-user-id", "user-1", "x-partner-user-id-type", "TEST_USER_ID");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().getString("token")).isNotBlank();
        assertThat(reply.data().getString("expires_at")).matches("\\d+");
    }

    @Test
    void coeUserTokenLivesTheDocumentedSixtyDaysNotThePartnerTokensLifetime() {
        Reply reply = http().get("/v2/coe/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key", "x-onboarding-partner", "SANDBOX-SDK-KTP_SCAN",
                "x-partner-user-id", "user-1", "x-partner-user-id-type", "TEST_USER_ID");

        assertThat(reply.data().getValue("expiry_seconds")).isEqualTo("5184000");
        long expiresAt = Long.parseLong(reply.data().getString("expires_at"));
        long now = Instant.now().getEpochSecond();
        assertThat(expiresAt).isBetween(now + 5_184_000 - 10, now + 5_184_000 + 1);
    }

    @Test
    void coeUserTokenWithoutHeadersListsEachMissingOneWithIntegerCodes() {
        Reply reply = http().get("/v2/coe/authentication");

        assertThat(reply.status()).isEqualTo(400);
        JsonArray errors = reply.errors();
        assertThat(errors).extracting(e -> ((JsonObject) e).getString("cause")).containsExactly(
                "MISSING_CLIENT_ID_OR_PASS_KEY", "COE_PARTNER_CAN_NOT_BE_EMPTY", "PARTNER_USER_ID_CAN_NOT_BE_EMPTY",
                "PARTNER_USER_ID_TYPE_CAN_NOT_BE_EMPTY");
        assertThat(errors).extracting(e -> ((JsonObject) e).getValue("code")).containsOnly(1539);
    }

    @Test
    void coeUserTokenForAnOnboardingPartnerOfAnotherClientIsForbidden() {
        Reply reply = http().get("/v2/coe/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key", "x-onboarding-partner", "OTHER-SDK-KTP_SCAN",
                "x-partner-user-id", "user-1", "x-partner-user-id-type", "TEST_USER_ID");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.firstError().getValue("code")).isEqualTo(110);
        assertThat(reply.firstError().getString("cause")).isEqualTo("ONBOARDING_PARTNER_DOES_NOT_BELONG_TO_CLIENT");
    }

    @Test
    void aCoePartnerTokenDoesNotOpenEsignEndpoints() {
        Platform platform = new Platform(http());
        String coeToken = platform.coePartnerToken();

        Reply reply = platform.certRegUrls(coeToken, "user-1");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.firstError().getValue("code")).isEqualTo("110");
    }

    @Test
    void credentialsAddedThroughTheControlApiCanGetTokens() {
        SANDBOX.control().updateConfig(c -> c.withCredentials(List.of(
                new ClientCredential("another-client", "another-key", Set.of("ANOTHER-BE-CERT_REG")))));

        Reply added = http().get("/v1/esign/partner/authentication", "client-id", "another-client",
                "pass-key", "another-key");
        Reply removed = http().get("/v1/esign/partner/authentication", "client-id", "sandbox-client-id",
                "pass-key", "sandbox-pass-key");

        assertThat(added.status()).isEqualTo(200);
        assertThat(removed.status()).isEqualTo(401);
    }
}
