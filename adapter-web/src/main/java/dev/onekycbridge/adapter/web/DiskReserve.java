package dev.onekycbridge.adapter.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Disk space the partner API leaves free for what may never be refused: callbacks, and the progress of the
 * submissions already taken, which the store writes to the same disks as the images of new registrations. A
 * registration (a multipart request) is answered 503 before its body is read when taking it would leave less than
 * {@code bytes} free on the disk of the uploads directory or of a staging folder.
 *
 * @param bytes the space kept free; 0 turns the check off
 * @param stagingFolders where the store keeps a copy of each image until the platform has it (SQLite's image
 *     folder); the uploads directory receives a copy too. Two folders on one disk count the body twice there
 */
public record DiskReserve(long bytes, List<Path> stagingFolders) {
    /** Room for some hundred thousand callbacks and their submissions' progress. */
    public static final long DEFAULT_BYTES = 256L * 1024 * 1024;

    public DiskReserve {
        if (bytes < 0) {
            throw new IllegalArgumentException("the disk reserve must not be negative");
        }
        stagingFolders = List.copyOf(Objects.requireNonNull(stagingFolders, "stagingFolders"));
    }

    /** The default reserve, with no staging folder known. */
    public static DiskReserve defaults() {
        return new DiskReserve(DEFAULT_BYTES, List.of());
    }

    public DiskReserve withStagingFolders(List<Path> folders) {
        return new DiskReserve(bytes, folders);
    }
}
