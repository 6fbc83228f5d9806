package dev.onekycbridge.core.submission;

/** What a history entry records. */
public enum HistoryKind {
    /** The status moved forward. */
    TRANSITION,
    /** Same status, with detail that the earlier report lacked. */
    ENRICHED,
    /** A report of an earlier status than the one held: recorded, not applied. */
    STALE_REPORT,
    /** A report that contradicts a final or equal status: kept for an operator, never applied. */
    CONFLICT,
    /** A report with a status the bridge does not know: kept for an operator. */
    UNRECOGNISED_REPORT,
    /** Personal data was erased under the retention policy. */
    PURGED,
    /**
     * An identity verification's launch goes on under a new partner session id: the platform refused the repeated
     * launch's one as a duplicate.
     */
    SESSION_RENEWED
}
