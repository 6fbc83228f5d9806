package dev.onekycbridge.app.config;

/** The OneKYC environment whose published base URLs the client uses, unless overridden. */
public enum PlatformEnvironment {
    STAGING("https://onekyc-token.staging.gopayapi.com", "https://onekyc-token-sandbox.gopayapi.com",
            "https://onekyc.ky.id.staging.gopayapi.com"),
    // The COE token host for production is not published; the Esign token host is the documented one.
    PRODUCTION("https://onekyc-token.ky.id.gopayapi.com", "https://onekyc-token.ky.id.gopayapi.com",
            "https://onekyc.ky.id.gopayapi.com");

    private final String authBaseUrl;
    private final String coeAuthBaseUrl;
    private final String apiBaseUrl;

    PlatformEnvironment(String authBaseUrl, String coeAuthBaseUrl, String apiBaseUrl) {
        this.authBaseUrl = authBaseUrl;
        this.coeAuthBaseUrl = coeAuthBaseUrl;
        this.apiBaseUrl = apiBaseUrl;
    }

    public String authBaseUrl() {
        return authBaseUrl;
    }

    public String coeAuthBaseUrl() {
        return coeAuthBaseUrl;
    }

    public String apiBaseUrl() {
        return apiBaseUrl;
    }
}
