package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.SubmissionId;

/** Somebody saved the submission after it was loaded; the save was refused and overwrote nothing. */
public final class StaleSubmissionException extends RuntimeException {
    private final SubmissionId id;
    private final long version;

    public StaleSubmissionException(SubmissionId id, long version) {
        super("submission " + id + " changed since version " + version + " was loaded");
        this.id = id;
        this.version = version;
    }

    public SubmissionId id() {
        return id;
    }

    public long version() {
        return version;
    }
}
