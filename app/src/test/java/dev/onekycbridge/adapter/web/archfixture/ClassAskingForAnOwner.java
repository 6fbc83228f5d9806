package dev.onekycbridge.adapter.web.archfixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * Breaks the rules against user-name lookups on purpose, as the uploads directory's check once did, once in each
 * way the JDK offers: the architecture test checks its rules against this class to prove that each way is caught.
 * Lives in the app's tests, so it never ships.
 */
public final class ClassAskingForAnOwner {
    public boolean sameOwner(Path directory, Path other) throws IOException {
        return Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner()
                .equals(Files.getOwner(other));
    }

    public UserPrincipal ownerView(Path directory) throws IOException {
        return Files.getFileAttributeView(directory, FileOwnerAttributeView.class).getOwner();
    }

    public UserPrincipal posixView(Path directory) throws IOException {
        return Files.getFileAttributeView(directory, PosixFileAttributeView.class).getOwner();
    }

    public UserPrincipal aclView(Path directory) throws IOException {
        return Files.getFileAttributeView(directory, AclFileAttributeView.class).getOwner();
    }

    public Map<String, Object> everyUnixAttribute(Path directory) throws IOException {
        return Files.readAttributes(directory, "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    public Map<String, Object> posixOwnerByName(Path directory) throws IOException {
        return Files.readAttributes(directory, "posix:owner");
    }

    public Object ownerAttribute(Path directory) throws IOException {
        return Files.getAttribute(directory, "owner:owner");
    }

    public Map<String, Object> posixOwnerFromTheProvider(Path directory) throws IOException {
        return directory.getFileSystem().provider().readAttributes(directory, "posix:owner");
    }
}
