/**
 * The OneKYC platform client: everything that speaks the platform's wire protocol.
 *
 * <p>Public surface:
 * <ul>
 *   <li>{@link dev.onekycbridge.adapter.onekyc.OneKycClient} — the gateway; implements the core's
 *       {@code OneKycPlatform}, {@code DocumentUploader} and {@code MessageDecoder} ports.
 *       {@code OneKycClient.create(config)}; {@code OneKycClient.messageDecoder()} for decoding alone.
 *   <li>{@link dev.onekycbridge.adapter.onekyc.OneKycClientConfig} — immutable configuration with
 *       {@code staging()}, {@code production()}, {@code of(…)} and withers.
 *   <li>{@link dev.onekycbridge.adapter.onekyc.RetryPolicy} — attempts, base delay and cap of in-call retries.
 *   <li>{@link dev.onekycbridge.adapter.onekyc.ClientMetrics} — a callback for token fetches, retries and
 *       replays after 401.
 * </ul>
 *
 * <p>Everything else — the Retrofit interfaces, the request records Moshi writes, the tolerant JSON reader, the
 * token cache, the retry loop, the logging interceptor — is package-private. No Retrofit, OkHttp or Moshi type
 * crosses the core's ports; only the configuration accepts an {@code OkHttpClient} and interceptors to share.
 *
 * <p>Where the platform's pages disagree (onekyc-api.md §10) the client accepts every published form when
 * reading, and when writing either sends a form every page accepts or sends both (the onboarding-partner header
 * of Initiate Flow, the SIV {@code userLocale}); the consent timestamp unit is configured.
 */
package dev.onekycbridge.adapter.onekyc;
