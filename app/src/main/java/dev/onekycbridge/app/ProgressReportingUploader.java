package dev.onekycbridge.app;

import dev.onekycbridge.core.document.DocumentFacts;
import dev.onekycbridge.core.document.DocumentSource;
import dev.onekycbridge.core.port.out.DocumentUploader;
import dev.onekycbridge.core.port.out.UploadOutcome;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** An uploader that reports the bytes read from each document as the real uploader streams them. */
final class ProgressReportingUploader implements DocumentUploader {
    private final DocumentUploader delegate;
    private final UploadProgress progress;

    ProgressReportingUploader(DocumentUploader delegate, UploadProgress progress) {
        this.delegate = delegate;
        this.progress = progress;
    }

    @Override
    public UploadOutcome upload(URI presignedUrl, DocumentFacts facts, DocumentSource source) {
        return delegate.upload(presignedUrl, facts, () -> new Counting(source.open(), facts));
    }

    private final class Counting extends FilterInputStream {
        private final DocumentFacts facts;
        private long sent;

        Counting(InputStream in, DocumentFacts facts) {
            super(in);
            this.facts = facts;
            progress.uploaded(facts.kind(), 0, facts.sizeBytes());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(int n) {
            sent += n;
            progress.uploaded(facts.kind(), sent, facts.sizeBytes());
        }
    }
}
