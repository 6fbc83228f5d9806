package dev.onekycbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.sandbox.support.Eventually;
import dev.onekycbridge.sandbox.support.Fast;
import dev.onekycbridge.sandbox.support.Http;
import dev.onekycbridge.sandbox.support.Platform;
import dev.onekycbridge.sandbox.support.Reply;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenExpiryTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(Fast.options());

    private Platform platform;

    @BeforeEach
    void setUp() {
        platform = new Platform(new Http(SANDBOX.baseUrl()));
    }

    @Test
    void aTokenStopsWorkingWhenItsTtlRunsOut() {
        SANDBOX.control().updateConfig(c -> c.withTokenTtlSeconds(1));
        Reply issued = platform.http().get("/v1/esign/partner/authentication", "client-id", Platform.CLIENT_ID,
                "pass-key", Platform.PASS_KEY);
        String token = issued.data().getString("token");

        Reply fresh = platform.certRegUrls(token, "user-1");
        Eventually.pause(1_100);
        Reply stale = platform.certRegUrls(token, "user-1");

        assertThat(issued.data().getString("expiry_seconds")).isEqualTo("1");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.firstError().getString("cause")).isEqualTo("UNAUTHORIZED");
        assertThat(platform.certRegUrls(platform.esignToken(), "user-1").status()).isEqualTo(200);
    }

    @Test
    void aCoeUserTokenStopsWorkingWhenItsOwnTtlRunsOut() {
        SANDBOX.control().updateConfig(c -> c.withUserTokenTtlSeconds(1));
        Reply issued = platform.http().get("/v2/coe/authentication", "client-id", Platform.CLIENT_ID,
                "pass-key", Platform.PASS_KEY, "x-onboarding-partner", SandboxConfig.KTP_SCAN_PARTNER,
                "x-partner-user-id", "user-1", "x-partner-user-id-type", Platform.USER_ID_TYPE);
        String token = issued.data().getString("token");
        String partnerToken = platform.coePartnerToken();

        Reply fresh = platform.coeUrls(token, Platform.session());
        Eventually.pause(1_100);
        Reply stale = platform.coeUrls(token, Platform.session());

        assertThat(issued.data().getString("expiry_seconds")).isEqualTo("1");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.firstError().getValue("code")).isEqualTo(110);
        assertThat(platform.coeDetails(partnerToken, "user-1", "x-partner-session-id", "none").status())
                .as("the partner token keeps its own lifetime").isEqualTo(400);
    }

    @Test
    void expiringAllTokensLocksOutEveryHolderUntilTheyFetchNewOnes() {
        String esign = platform.esignToken();
        String coeUser = platform.coeUserToken("user-1");
        String coePartner = platform.coePartnerToken();

        Reply expired = platform.http().postJson("/_sandbox/tokens/expire", null);

        assertThat(expired.status()).isEqualTo(200);
        assertThat(expired.json().getInteger("expired")).isEqualTo(3);
        assertThat(platform.certRegUrls(esign, "user-1").status()).isEqualTo(401);
        assertThat(platform.coeUrls(coeUser, Platform.session()).status()).isEqualTo(401);
        assertThat(platform.coeDetails(coePartner, "user-1", "x-submission-id", "x").status()).isEqualTo(401);
        assertThat(platform.certRegUrls(platform.esignToken(), "user-1").status()).isEqualTo(200);
    }

    @Test
    void anExpiredSivTokenNoLongerOpensTheWebJourney() {
        SANDBOX.control().updateConfig(c -> c.withSivAutoComplete(false));
        String launchUrl = platform.initiateFlow(platform.esignToken(), "user-web", Platform.session(),
                Platform.sivBody("WEB_SDK")).data().getString("launchUrl");

        SANDBOX.control().expireTokens();

        assertThat(platform.http().get(launchUrl).status()).isEqualTo(401);
    }

    @Test
    void aTokenOfARemovedClientIsRefused() {
        String token = platform.esignToken();

        SANDBOX.control().updateConfig(c -> c.withCredentials(List.of()));

        assertThat(platform.certRegUrls(token, "user-1").status()).isEqualTo(401);
    }
}
