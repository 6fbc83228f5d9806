package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebConfigTest {
    @Test
    void theDefaultsServePort8080OnEveryInterfaceWithoutSecrets() {
        WebConfig config = WebConfig.defaults();

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.apiKey()).isNull();
        assertThat(config.callbackAuth()).isNull();
        assertThat(config.apiKeyPrevious()).isNull();
        assertThat(config.callbackAuthPrevious()).isNull();
        assertThat(config.allowedCallbackCidrs()).isEmpty();
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.callbackBodyLimit()).isEqualTo(1024 * 1024);
        assertThat(config.imageSizeLimit()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.requestBodyLimit()).isGreaterThan(2 * config.imageSizeLimit());
        assertThat(config.bodyMemory()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    /** A JSON document is read whole into memory: its limit is not the request's, which makes room for images. */
    @Test
    void aJsonDocumentIsLimitedToAMebibyteOrTheRequestLimitIfSmaller() {
        assertThat(WebConfig.defaults().jsonBodyLimit()).isEqualTo(1024 * 1024);
        assertThat(WebConfig.defaults().withRequestBodyLimit(5000).jsonBodyLimit()).isEqualTo(5000);
    }

    /** A multipart request's details are held while its images stream to disk: a quarter of a JSON document. */
    @Test
    void theTextPartsOfAMultipartRequestAreLimitedTo256KibOrTheRequestLimitIfSmaller() {
        assertThat(WebConfig.defaults().formTextLimit()).isEqualTo(256 * 1024);
        assertThat(WebConfig.defaults().withRequestBodyLimit(5000).formTextLimit()).isEqualTo(5000);
    }

    @Test
    void withersChangeOneFieldAndKeepTheRest() {
        WebConfig config = WebConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withApiKey("key")
                .withCallbackAuth("Basic abc")
                .withApiKeyPrevious("old-key")
                .withCallbackAuthPrevious("Basic old")
                .withAllowedCallbackCidrs(List.of("203.0.113.0/24"))
                .withTrustedProxies(List.of("10.0.0.0/8"))
                .withCallbackBodyLimit(10)
                .withImageSizeLimit(20)
                .withRequestBodyLimit(30)
                .withUploadsDirectory(Path.of("uploads"))
                .withWorkerPoolSize(2)
                .withIdleTimeout(Duration.ofSeconds(5))
                .withRequestTimeout(Duration.ofSeconds(3))
                .withBodyMemory(40)
                .withDiskReserve(new DiskReserve(50, List.of(Path.of("images"))));

        assertThat(config).isEqualTo(new WebConfig("127.0.0.1", 0, "key", "Basic abc", "old-key", "Basic old",
                List.of("203.0.113.0/24"), List.of("10.0.0.0/8"), 10, 20, 30, Path.of("uploads"), 2, Duration.ofSeconds(5),
                Duration.ofSeconds(3), 40, new DiskReserve(50, List.of(Path.of("images")))));
    }

    @Test
    void blankSecretsMeanNone() {
        assertThat(WebConfig.defaults().withApiKey(" ").apiKey()).isNull();
        assertThat(WebConfig.defaults().withCallbackAuth("").callbackAuth()).isNull();
        assertThat(WebConfig.defaults().withApiKey("key").withApiKeyPrevious(" ").apiKeyPrevious()).isNull();
        assertThat(WebConfig.defaults().withCallbackAuth("Basic abc").withCallbackAuthPrevious("")
                .callbackAuthPrevious()).isNull();
    }

    /** A previous credential is one being retired: alone, it would guard with a key nobody should still use. */
    @Test
    void aPreviousCredentialIsRefusedWithoutTheCurrentOne() {
        assertThatThrownBy(() -> WebConfig.defaults().withApiKeyPrevious("old-key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKeyPrevious")
                .hasMessageNotContaining("old-key");
        assertThatThrownBy(() -> WebConfig.defaults().withCallbackAuthPrevious("Basic old"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callbackAuthPrevious")
                .hasMessageNotContaining("Basic old");
    }

    @Test
    void aMistypedBlockFailsAtConstruction() {
        assertThatThrownBy(() -> WebConfig.defaults().withAllowedCallbackCidrs(List.of("203.0.113.0/24", "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedCallbackCidrs");
        assertThatThrownBy(() -> WebConfig.defaults().withTrustedProxies(List.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustedProxies");
        assertThatThrownBy(() -> WebConfig.defaults().withPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebConfig.defaults().withCallbackBodyLimit(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimeoutIsAtLeastAMillisecondAndAtMostWhatVertxCounts() {
        assertThat(WebConfig.defaults().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(WebConfig.defaults().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        for (Duration invalid : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(999_999),
                Duration.ofDays(25))) {
            assertThatThrownBy(() -> WebConfig.defaults().withIdleTimeout(invalid)).as(invalid.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("idleTimeout must be");
            assertThatThrownBy(() -> WebConfig.defaults().withRequestTimeout(invalid)).as(invalid.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("requestTimeout must be");
        }
    }

    @Test
    void aCommaSeparatedListOfBlocksIsSplitAndTrimmed() {
        assertThat(WebConfig.cidrList(" 203.0.113.0/24 , 2001:db8::/32,,")).containsExactly("203.0.113.0/24",
                "2001:db8::/32");
        assertThat(WebConfig.cidrList(null)).isEmpty();
        assertThat(WebConfig.cidrList("  ")).isEmpty();
    }

    @Test
    void secretsNeverAppearInItsText() {
        String text = WebConfig.defaults().withApiKey("super-secret-key").withCallbackAuth("Basic c2VjcmV0")
                .withApiKeyPrevious("old-secret-key").withCallbackAuthPrevious("Basic b2xkc2VjcmV0").toString();

        assertThat(text).doesNotContain("super-secret-key", "c2VjcmV0", "old-secret-key", "b2xkc2VjcmV0")
                .contains("apiKey=***", "apiKeyPrevious=***", "callbackAuthPrevious=***");
    }
}
