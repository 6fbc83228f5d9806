package dev.onekycbridge.adapter.web;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes multipart bodies only while the disks they are written to keep the {@link DiskReserve} free. Free space is
 * read for every body (a {@code statvfs} per disk); the bodies taken and not yet finished count as written already,
 * so that requests arriving together do not each see the same free space. A folder whose disk cannot be read
 * (missing for a moment: the uploads directory is made again before its next body) is left out of the check.
 */
final class DiskRoom {
    private final long reserve;
    /** Each folder receives a copy of the body: the uploads directory, then the staging folders. */
    private final List<Path> folders;
    private final Map<Path, FileStore> stores = new ConcurrentHashMap<>();
    /** Declared bytes of the bodies taken and not yet released; guarded by this. */
    private long pending;

    /** Finds the disk of each folder that exists (blocking: it reads the mount table); others are looked up later. */
    DiskRoom(DiskReserve reserve, Path uploadsDirectory) {
        this.reserve = reserve.bytes();
        List<Path> all = new ArrayList<>();
        all.add(uploadsDirectory);
        all.addAll(reserve.stagingFolders());
        this.folders = List.copyOf(all);
        if (this.reserve > 0) {
            folders.forEach(this::store);
        }
    }

    /**
     * Takes a body of {@code declared} bytes, counted until {@link #release}d, or names the folder whose disk would
     * be left with less than the reserve.
     */
    Optional<Path> take(long declared) {
        if (reserve == 0) {
            return Optional.empty();
        }
        synchronized (this) {
            return takeWithin(declared);
        }
    }

    private Optional<Path> takeWithin(long declared) {
        Map<FileStore, List<Path>> byDisk = new LinkedHashMap<>();
        for (Path folder : folders) {
            FileStore store = store(folder);
            if (store != null) {
                byDisk.computeIfAbsent(store, disk -> new ArrayList<>()).add(folder);
            }
        }
        for (Map.Entry<FileStore, List<Path>> disk : byDisk.entrySet()) {
            long usable;
            try {
                usable = disk.getKey().getUsableSpace();
            } catch (IOException e) {
                continue;
            }
            long written = (pending + declared) * disk.getValue().size();
            if (usable - written < reserve) {
                return Optional.of(disk.getValue().get(0));
            }
        }
        pending += declared;
        return Optional.empty();
    }

    void release(long declared) {
        if (reserve == 0) {
            return;
        }
        synchronized (this) {
            pending -= declared;
        }
    }

    private FileStore store(Path folder) {
        FileStore known = stores.get(folder);
        if (known != null) {
            return known;
        }
        try {
            FileStore store = Files.getFileStore(folder);
            stores.put(folder, store);
            return store;
        } catch (IOException e) {
            return null;
        }
    }
}
