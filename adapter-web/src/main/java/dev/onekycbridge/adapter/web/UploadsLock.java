package dev.onekycbridge.adapter.web;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running server's hold on its uploads directory, for as long as it serves: a second instance started on the
 * same directory would delete the first one's uploads in flight as leftovers of a crash, so it is refused instead.
 * An exclusive lock on a file in the directory keeps other processes out; the servers of this process, to which
 * such a lock does not apply, are kept apart by the directories they hold.
 */
final class UploadsLock implements AutoCloseable {
    /** The file locked; not an upload's name, so never deleted as a leftover. */
    static final String FILE_NAME = ".onekyc-bridge.lock";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileLock lock;

    private UploadsLock(Path directory, FileLock lock) {
        this.directory = directory;
        this.lock = lock;
    }

    /** Takes the directory, which {@link UploadsDirectory#prepare} found to be the service's own. */
    static UploadsLock take(Path directory) throws IOException {
        Path held = directory.toRealPath();
        // Checked first: opening the file again in this process and closing it would drop its lock in the system.
        if (!HELD_HERE.add(held)) {
            throw inUse(directory);
        }
        try {
            FileChannel channel = FileChannel.open(held.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw inUse(directory);
            }
            return new UploadsLock(held, lock);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(held);
            throw e;
        }
    }

    private static IOException inUse(Path directory) {
        return new IOException("the uploads directory " + directory + " is in use by another running instance;"
                + " each instance needs its own, or it would delete the other's uploads in flight");
    }

    /** Lets another instance take the directory. */
    @Override
    public void close() {
        try {
            lock.channel().close();
        } catch (IOException e) {
            // Closing a file we only locked: the lock goes with the process at the latest.
        } finally {
            HELD_HERE.remove(directory);
        }
    }
}
