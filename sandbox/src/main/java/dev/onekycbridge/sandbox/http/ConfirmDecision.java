package dev.onekycbridge.sandbox.http;

/** What a confirm upload call amounts to. */
enum ConfirmDecision {
    /** First confirm: processing starts. */
    ACCEPTED,
    /** Same session id and same body as the accepted confirm: answered the same again. */
    REPLAYED,
    /** Already confirmed by another call. */
    CONFLICT,
    /** A required document was not uploaded yet. */
    NOT_UPLOADED,
    /** The submission disappeared meanwhile (a reset), or was abandoned: its upload URLs expired unconfirmed. */
    GONE
}
