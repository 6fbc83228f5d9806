package dev.onekycbridge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.document.DocumentKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The upload progress bar {@code register} draws on a terminal. */
class ProgressBarTest {
    @Test
    void theBarIsRedrawnInPlaceEveryFewPercentAndEndsItsLineWhenTheUploadIsDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        for (long sent = 0; sent <= 40 * 1024; sent += 1024) {
            bar.uploaded(DocumentKind.KTP, sent, 40 * 1024);
        }

        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).startsWith("\r    uploading KTP    [------------------------------]   0%  0/40 KB")
                .endsWith("\r    uploading KTP    [##############################] 100%  40/40 KB"
                        + System.lineSeparator());
        assertThat(drawn.split("\r")).hasSizeLessThanOrEqualTo(1 + 21);
    }
}
