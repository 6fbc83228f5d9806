package dev.onekycbridge.sandbox.state;

/** What a token was issued for; each endpoint accepts one kind. */
public enum TokenKind {
    /** Esign partner token: CERT_REG, SIV initiate flow, Get Submission Details. */
    ESIGN_PARTNER,
    /** COE partner token: COE Get Submission Details. */
    COE_PARTNER,
    /** COE user token: presigned URLs, confirm and status on COE. */
    COE_USER,
    /** SIV SDK token handed out by initiate flow; also the web launch token. */
    SIV_USER
}
