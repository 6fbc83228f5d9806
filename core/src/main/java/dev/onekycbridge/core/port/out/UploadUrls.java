package dev.onekycbridge.core.port.out;

import dev.onekycbridge.core.submission.UploadTarget;
import java.util.List;
import java.util.Objects;

/** The platform's answer to a request for upload URLs: its submission id and a URL per document. */
public record UploadUrls(String platformSubmissionId, List<UploadTarget> targets) {
    public UploadUrls {
        Objects.requireNonNull(platformSubmissionId, "platformSubmissionId");
        targets = List.copyOf(targets);
    }
}
