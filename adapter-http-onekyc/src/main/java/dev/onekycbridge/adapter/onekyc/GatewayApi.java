package dev.onekycbridge.adapter.onekyc;

import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Streaming;

/**
 * The OneKYC gateway: Esign (certificate registration, identity verification) and COE (KTP scan). Every call
 * carries exactly the headers its page documents (onekyc-api.md §2.2, §3, §6, §7); a null header is not sent.
 * Answers are {@code @Streaming}: read once, through the size limit, by {@link HttpResult}.
 */
interface GatewayApi {
    /** §3.2 Get Presigned URLs. */
    @GET("esign-partner/v1/submissions/urls")
    @Streaming
    Call<ResponseBody> esignUploadUrls(
            @Query("submissionType") String submissionType,
            @Header(Wire.ONEKYC_TOKEN) String token,
            @Header(Wire.ESIGN_ONBOARDING_PARTNER) String onboardingPartner,
            @Header(Wire.PARTNER_USER_ID) String partnerUserId,
            @Header(Wire.PARTNER_USER_ID_TYPE) String partnerUserIdType,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId);

    /** §3.4 Confirm Upload. */
    @PUT("esign-partner/v1/submissions/urls")
    @Streaming
    Call<ResponseBody> esignConfirm(
            @Header(Wire.ONEKYC_TOKEN) String token,
            @Header(Wire.ESIGN_ONBOARDING_PARTNER) String onboardingPartner,
            @Header(Wire.PARTNER_USER_ID) String partnerUserId,
            @Header(Wire.PARTNER_USER_ID_TYPE) String partnerUserIdType,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId,
            @Body WireRequests.EsignConfirm body);

    /** §3.5 Get Submission Details: looked up by the partner user; no onboarding-partner header. */
    @GET("esign-partner/v1/submissions")
    @Streaming
    Call<ResponseBody> esignDetails(
            @Header(Wire.ONEKYC_TOKEN) String token,
            @Header(Wire.PARTNER_USER_ID) String partnerUserId,
            @Header(Wire.PARTNER_USER_ID_TYPE) String partnerUserIdType,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId);

    /**
     * §7.1 Initiate Flow (SIV). The onboarding partner goes under both published names (§10.5): the 1.2.0 page
     * says {@code x-esign-onboarding-partner}, the older one {@code x-onboarding-partner}.
     */
    @POST("esign-partner/v1/initiate-flow")
    @Streaming
    Call<ResponseBody> initiateFlow(
            @Header(Wire.ONEKYC_TOKEN) String token,
            @Header(Wire.ESIGN_ONBOARDING_PARTNER) String onboardingPartner,
            @Header(Wire.ONBOARDING_PARTNER) String legacyOnboardingPartner,
            @Header(Wire.PARTNER_USER_ID) String partnerUserId,
            @Header(Wire.PARTNER_USER_ID_TYPE) String partnerUserIdType,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId,
            @Body WireRequests.InitiateFlow body);

    /** §6.4 Get presigned URLs, with a user token. */
    @GET("coe/v1/submissions/urls")
    @Streaming
    Call<ResponseBody> coeUploadUrls(
            @Query("submissionType") String submissionType,
            @Header(Wire.ONEKYC_TOKEN) String userToken,
            @Header(Wire.SDK_SESSION_ID) String sdkSessionId,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId);

    /** §6.4 Confirm upload, with a user token. */
    @PUT("coe/v1/submissions/urls")
    @Streaming
    Call<ResponseBody> coeConfirm(
            @Header(Wire.ONEKYC_TOKEN) String userToken,
            @Header(Wire.SDK_SESSION_ID) String sdkSessionId,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId,
            @Body WireRequests.CoeConfirm body);

    /** §6.4 Submission status, with a user token. */
    @GET("coe/v1/submissions/{submissionId}/status")
    @Streaming
    Call<ResponseBody> coeStatus(
            @Path("submissionId") String submissionId,
            @Header(Wire.ONEKYC_TOKEN) String userToken,
            @Header(Wire.SDK_SESSION_ID) String sdkSessionId,
            @Header(Wire.PARTNER_SESSION_ID) String partnerSessionId);

    /**
     * §6.5 Get Submission Details, with the COE partner token, looked up by {@code x-submission-id}. The page
     * makes {@code x-partner-session-id} optional when the submission id is given and rejects one that does not
     * belong to the user (1553), so none is sent; the partner user goes along because the page's errors require
     * it (1550 PARTNER_USER_ID_CAN_NOT_BE_EMPTY).
     */
    @GET("coe/v1/submissions")
    @Streaming
    Call<ResponseBody> coeDetails(
            @Header(Wire.ONEKYC_TOKEN) String partnerToken,
            @Header(Wire.SUBMISSION_ID) String submissionId,
            @Header(Wire.PARTNER_USER_ID) String partnerUserId,
            @Header(Wire.PARTNER_USER_ID_TYPE) String partnerUserIdType);
}
