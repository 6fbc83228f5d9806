package dev.onekycbridge.core.submission;

/**
 * Where a submission stands. Statuses are ordered: a submission only moves to a later one. COMPLETED, ERROR,
 * EXPIRED and FAILED are final.
 */
public enum SubmissionStatus {
    CREATED(0),
    INITIATED(1),
    UPLOADED(2),
    /** The platform's IN_PROGRESS. */
    CONFIRMED(3),
    PARTIALLY_COMPLETED(4),
    COMPLETED(5),
    /** The platform reported a technical error. */
    ERROR(5),
    /** The upload URLs expired before the submission was confirmed, or an identity verification's launch first. */
    EXPIRED(5),
    /** The platform refused a request of ours (a 4xx other than 401 and 429). */
    FAILED(5);

    private final int rank;

    SubmissionStatus(int rank) {
        this.rank = rank;
    }

    public boolean isFinal() {
        return rank == 5;
    }

    public boolean isBefore(SubmissionStatus other) {
        return rank < other.rank;
    }

    public boolean isAfter(SubmissionStatus other) {
        return rank > other.rank;
    }
}
