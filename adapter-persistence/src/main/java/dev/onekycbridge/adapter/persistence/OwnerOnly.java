package dev.onekycbridge.adapter.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders this adapter creates for personal data (the SQLite file, staged images) are for the service's
 * own user alone, whatever the process's umask. The contents are encrypted, but other local users have no business
 * reading even ciphertext, its sizes or its names. On a file system without POSIX permissions the defaults apply.
 */
final class OwnerOnly {
    private static final boolean POSIX = Path.of("").toAbsolutePath().getFileSystem()
            .supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] FOLDER = permissions("rwx------");
    private static final FileAttribute<?>[] FILE = permissions("rw-------");

    private OwnerOnly() {
    }

    private static FileAttribute<?>[] permissions(String mode) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }

    /** Creates the folder and any missing parents, each new one for the owner alone; an existing one is left as is. */
    static void createFolder(Path folder) throws IOException {
        Files.createDirectories(folder, FOLDER);
    }

    /** Opens a new file, for the owner alone; fails if it exists. */
    static FileChannel createFile(Path file, Set<? extends OpenOption> options) throws IOException {
        return FileChannel.open(file, options, FILE);
    }

    /**
     * Creates an empty file for the owner alone unless one exists. SQLite takes an empty file for a new database
     * and gives its WAL and shared-memory files the database file's permissions.
     */
    static void createFileIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file, FILE);
        } catch (FileAlreadyExistsException existing) {
            // An existing database keeps the permissions its operator gave it.
        }
    }
}
