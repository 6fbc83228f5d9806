package dev.onekycbridge.adapter.web.archfixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Breaks the rule against user-name lookups on purpose, as the uploads directory's check once did: the
 * architecture test checks its rule against this class to prove the rule can fail. Lives in the app's tests, so it
 * never ships.
 */
public final class ClassAskingForAnOwner {
    public boolean sameOwner(Path directory, Path other) throws IOException {
        return Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner()
                .equals(Files.getOwner(other));
    }
}
