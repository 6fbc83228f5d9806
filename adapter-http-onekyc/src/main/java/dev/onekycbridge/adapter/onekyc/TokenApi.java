package dev.onekycbridge.adapter.onekyc;

import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.Streaming;

/**
 * The token hosts (onekyc-api.md §3.1, §6.1, §6.2). One interface for both hosts: the Esign token host serves
 * the Esign path, the COE token host the two COE paths. Paths are relative so that a base URL may carry a prefix.
 * Answers are {@code @Streaming}: read once, through the size limit, by {@link HttpResult}.
 */
interface TokenApi {
    @GET("v1/esign/partner/authentication")
    @Streaming
    Call<ResponseBody> esignPartnerToken(
            @Header(Wire.CLIENT_ID) String clientId,
            @Header(Wire.PASS_KEY) String passKey);

    @GET("v1/coe/partner/authentication")
    @Streaming
    Call<ResponseBody> coePartnerToken(
            @Header(Wire.CLIENT_ID) String clientId,
            @Header(Wire.PASS_KEY) String passKey);

    @GET("v2/coe/authentication")
    @Streaming
    Call<ResponseBody> coeUserToken(
            @Header(Wire.CLIENT_ID) String clientId,
            @Header(Wire.PASS_KEY) String passKey,
            @Header(Wire.ONBOARDING_PARTNER) String onboardingPartner,
            @Header(Wire.PARTNER_USER_ID) String partnerUserId,
            @Header(Wire.PARTNER_USER_ID_TYPE) String partnerUserIdType);
}
