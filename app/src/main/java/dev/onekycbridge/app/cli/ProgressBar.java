package dev.onekycbridge.app.cli;

import dev.onekycbridge.app.UploadProgress;
import dev.onekycbridge.core.document.DocumentKind;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;

/** A text progress bar per document upload, redrawn in place every few percent. */
final class ProgressBar implements UploadProgress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Map<DocumentKind, Integer> drawn = new EnumMap<>(DocumentKind.class);

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void uploaded(DocumentKind kind, long bytesSent, long totalBytes) {
        int percent = totalBytes == 0 ? 100 : (int) Math.min(100, bytesSent * 100 / totalBytes);
        Integer last = drawn.get(kind);
        if (bytesSent == 0 || last == null || last > percent) {
            last = -100;
        }
        if (percent - last < 5 && percent != 100 || last == 100) {
            return;
        }
        drawn.put(kind, percent);
        int filled = percent * WIDTH / 100;
        out.printf("\r    uploading %-6s [%s%s] %3d%%  %d/%d KB", kind, "#".repeat(filled), "-".repeat(WIDTH - filled),
                percent, bytesSent / 1024, totalBytes / 1024);
        if (percent == 100) {
            out.println();
        }
        out.flush();
    }
}
