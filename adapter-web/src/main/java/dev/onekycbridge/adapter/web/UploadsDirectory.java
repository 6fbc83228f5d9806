package dev.onekycbridge.adapter.web;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The directory multipart uploads are written to while a request is handled: KTP and selfie images in plain, so
 * for the service's user alone. Its default lies in the shared temporary directory under a name anyone can
 * predict, and any local user may have created it first; the server starts only with a directory that is really
 * a directory, is owned by the service's user and is closed to everyone else (one it owns is closed if it was
 * open). On a file system without POSIX permissions it is only created. Files left in it by a process that was
 * killed mid-request are deleted at start-up, so it must not be shared by two running instances: a second one is
 * refused ({@link UploadsLock}).
 *
 * <p>Owners are compared by their numeric id ({@code unix:uid}), never through a {@code UserPrincipal}: the JDK
 * looks the user's name up for one ({@code getpwuid}, a read of {@code /etc/passwd} or a question to NSS, which
 * may be a directory server), and the check runs on an event loop for every multipart request.
 */
final class UploadsDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** {@link #OWNER_ONLY} as the permission bits of {@code unix:mode}. */
    private static final int OWNER_ONLY_BITS = 0700;
    private static final int PERMISSION_BITS = 0777;
    private static final int FILE_TYPE_BITS = 0170000;
    private static final int DIRECTORY_TYPE = 0040000;

    private UploadsDirectory() {
    }

    /**
     * Creates or checks the directory; fails with the reason when it cannot be made private.
     *
     * @return its owner's uid, the service's user's (empty on a file system without POSIX permissions)
     */
    static OptionalInt prepare(Path directory) throws IOException {
        try {
            if (!posix(directory)) {
                Files.createDirectories(directory);
                return OptionalInt.empty();
            }
            if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
        } catch (FileSystemException e) {
            // The JDK's message is the path alone for some of these (a folder above that cannot be written).
            throw new IOException("the uploads directory " + directory + " cannot be created: "
                    + (e.getReason() != null ? e.getReason() : e instanceof AccessDeniedException
                    ? "permission denied" : e instanceof java.nio.file.NoSuchFileException
                    ? "a folder above it cannot hold it" : e.getClass().getSimpleName()), e);
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(directory, "it is not a directory (or is a symbolic link)");
        }
        if (!ownedByThisProcess(directory)) {
            throw refused(directory, "it belongs to another user");
        }
        if (!Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            try {
                Files.setPosixFilePermissions(directory, OWNER_ONLY);
            } catch (FileSystemException e) {
                throw refused(directory, "its permissions cannot be set to owner-only (" + e.getReason() + ")");
            }
        }
        return OptionalInt.of(uid(directory));
    }

    /**
     * Whether the directory is still as {@link #prepare} left it: a directory (not a link) of the user with uid
     * {@code owner}, closed to everyone else. One {@code lstat} and no other call, cheap enough for each request;
     * where there are no POSIX permissions ({@code owner} empty), only whether it is a directory.
     */
    static boolean isStillPrivate(Path directory, OptionalInt owner) {
        if (owner.isEmpty()) {
            return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            Map<String, Object> attributes = Files.readAttributes(directory, "unix:mode,uid",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attributes.get("mode");
            return (mode & FILE_TYPE_BITS) == DIRECTORY_TYPE && (Integer) attributes.get("uid") == owner.getAsInt()
                    && (mode & PERMISSION_BITS) == OWNER_ONLY_BITS;
        } catch (IOException e) {
            return false;
        }
    }

    /** POSIX permissions, and the {@code unix} view that reads owners as numbers (both on every Unix JDK). */
    private static boolean posix(Path directory) {
        Set<String> views = directory.getFileSystem().supportedFileAttributeViews();
        return views.contains("posix") && views.contains("unix");
    }

    private static int uid(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Deletes the files a request left behind when the process was killed while it was read (only the body
     * handler's own clean-up deletes uploads, and it did not run). Called at start-up, once {@link #prepare} has
     * found the directory to be the service's own. Only the body handler's files are deleted, each named by a
     * random UUID: a directory shared by mistake with other files (a database, say) keeps them.
     */
    static void removeLeftovers(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (isUploadName(entry.getFileName().toString())
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Whether a file name is one the body handler gives an upload: a UUID written out in full. */
    static boolean isUploadName(String name) {
        if (name.length() != 36) {
            return false;
        }
        try {
            return java.util.UUID.fromString(name).toString().equalsIgnoreCase(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Compares the owner with that of a file this process creates there (no JDK call tells a process's uid). */
    private static boolean ownedByThisProcess(Path directory) throws IOException {
        Path probe;
        try {
            probe = Files.createTempFile(directory, ".owner-", ".probe");
        } catch (AccessDeniedException e) {
            return false;
        }
        try {
            return uid(probe) == uid(directory);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static IOException refused(Path directory, String reason) {
        return new IOException("the uploads directory " + directory + " cannot hold images: " + reason
                + "; remove it or use another one");
    }
}
