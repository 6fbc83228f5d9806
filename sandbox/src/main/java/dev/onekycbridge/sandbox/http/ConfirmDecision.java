package dev.onekycbridge.sandbox.http;

/** What a confirm upload call amounts to. */
enum ConfirmDecision {
    /** First confirm: processing starts. */
    ACCEPTED,
    /** Same session id and same body as the accepted confirm, where that is answered the same again (Esign). */
    REPLAYED,
    /** Already confirmed: by another call, or (COE) by this one before. */
    CONFLICT,
    /** A required document was not uploaded yet. */
    NOT_UPLOADED,
    /** The submission disappeared meanwhile (a reset), or was abandoned: its upload URLs expired unconfirmed. */
    GONE
}
