package dev.onekycbridge.adapter.web;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes multipart bodies only while the disks they are written to keep the {@link DiskReserve} free.
 *
 * <p>The free space is read on a thread of this room's own, every {@value #SAMPLE_INTERVAL_MILLIS} ms, never for
 * a request: a {@code statvfs} of a network file system (a volume mounted over NFS) is a round trip to its server,
 * and one that hangs would hold the event loop that asked. A body taken counts as written from the reading before
 * it was taken, so that neither requests arriving together nor those arriving between two readings each see the
 * same free space: its copy in the uploads directory until it is released (the upload is deleted then), its
 * copies in the staging folders until the first reading begun after that (the store may keep them). A folder whose disk cannot be read (missing for a
 * moment: the uploads directory is made again before its next body) is left out of the check until it can be;
 * so are all of them while the readings have stopped coming (a reading that hangs), after sixty intervals, with
 * a WARNING: bodies are not refused in the name of a disk that may have room.
 */
final class DiskRoom implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DiskRoom.class.getName());
    static final long SAMPLE_INTERVAL_MILLIS = 500;
    /** How many intervals without a reading make the latest one too old to go by. */
    static final int STALE_AFTER_INTERVALS = 60;

    private final long reserve;
    /** Each folder receives a copy of the body: the uploads directory, then the staging folders. */
    private final List<Path> folders;
    private final ScheduledExecutorService sampler;
    private final long staleAfterNanos;
    private volatile boolean closed;
    /** Whether the WARNING for readings that stopped has been given since the last reading; guarded by this. */
    private boolean staleTold;
    /** Whether the WARNING for a reading that failed has been given since the last one that did not. */
    private volatile boolean failureTold;
    /** The disk of each folder found so far; guarded by readingLock. */
    private final Map<Path, FileStore> stores = new HashMap<>();
    /** One reading at a time, apart from the lock of take and release: a reading may hang. */
    private final Object readingLock = new Object();
    /** The latest reading; replaced whole. */
    private volatile Reading latest = new Reading(List.of(), 0, System.nanoTime());
    /** Declared bytes of the bodies taken and not yet released; guarded by this. */
    private long pending;
    /** Declared bytes of every body released so far; guarded by this. */
    private long released;

    /**
     * Free space of one disk, read when {@link #released} was {@code releasedBefore}.
     *
     * @param copies how many of the folders are on it: a body is written to each
     * @param stagedCopies how many of them are staging folders, whose copies outlive the request
     */
    private record Disk(Path firstFolder, int copies, int stagedCopies, long usable) {
    }

    private record Reading(List<Disk> disks, long releasedBefore, long readAtNanos) {
    }

    /**
     * Reads the disks once (blocking: it reads the mount table and each disk's free space), then goes on reading
     * them on a thread of its own until {@link #close}d.
     */
    DiskRoom(DiskReserve reserve, Path uploadsDirectory) {
        this(reserve, uploadsDirectory, SAMPLE_INTERVAL_MILLIS);
    }

    DiskRoom(DiskReserve reserve, Path uploadsDirectory, long intervalMillis) {
        this.reserve = reserve.bytes();
        List<Path> all = new ArrayList<>();
        all.add(uploadsDirectory);
        all.addAll(reserve.stagingFolders());
        this.folders = List.copyOf(all);
        this.staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis) * STALE_AFTER_INTERVALS;
        if (this.reserve == 0) {
            sampler = null;
            return;
        }
        read();
        sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "onekyc-bridge-disk-room");
            thread.setDaemon(true);
            return thread;
        });
        // With a fixed delay, a reading that hangs holds back the next ones instead of piling them up.
        sampler.scheduleWithFixedDelay(this::readOnSchedule, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a body of {@code declared} bytes, counted until {@link #release}d (its staged copies until read
     * again), or names the folder whose disk would be left with less than the reserve. Never touches the disk.
     */
    Optional<Path> take(long declared) {
        if (reserve == 0) {
            return Optional.empty();
        }
        synchronized (this) {
            Reading reading = latest;
            // Bodies in flight, and the staged copies of those released since the reading began: their bytes may
            // not show in it yet.
            long releasedSince = released - reading.releasedBefore();
            for (Disk disk : current(reading)) {
                long unseen = (pending + declared) * disk.copies() + releasedSince * disk.stagedCopies();
                if (disk.usable() - unseen < reserve) {
                    return Optional.of(disk.firstFolder());
                }
            }
            pending += declared;
            return Optional.empty();
        }
    }

    void release(long declared) {
        if (reserve == 0) {
            return;
        }
        synchronized (this) {
            pending -= declared;
            released += declared;
        }
    }

    /** The reading's disks, or none when the readings have stopped coming; guarded by this. */
    private List<Disk> current(Reading reading) {
        if (System.nanoTime() - reading.readAtNanos() <= staleAfterNanos) {
            staleTold = false;
            return reading.disks();
        }
        if (!staleTold) {
            staleTold = true;
            LOG.log(System.Logger.Level.WARNING, "the free space of the disks of " + folders + " has not been read for"
                    + " " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - reading.readAtNanos()) + " s (a hung"
                    + " network volume?): the disk reserve is not checked until it is read again");
        }
        return List.of();
    }

    /** Reads every disk's free space now (blocking); the room's own thread does so every interval. */
    void read() {
        synchronized (readingLock) {
            readNow(false);
        }
    }

    /** A reading of the room's thread: one that fails is told, and does not end the readings after it. */
    private void readOnSchedule() {
        try {
            synchronized (readingLock) {
                readNow(true);
            }
            failureTold = false;
        } catch (RuntimeException | Error e) {
            // Thrown out of a scheduled task, it would end the readings for good, silently.
            if (!failureTold) {
                failureTold = true;
                LOG.log(System.Logger.Level.WARNING, "the free space of the disks of " + folders + " could not be"
                        + " read (" + e.getClass().getName() + "); the room tries again every interval");
            }
        }
    }

    private void readNow(boolean scheduled) {
        long releasedBefore;
        synchronized (this) {
            releasedBefore = released;
        }
        Map<FileStore, List<Path>> byDisk = new LinkedHashMap<>();
        for (Path folder : folders) {
            FileStore store = store(folder);
            if (store != null) {
                byDisk.computeIfAbsent(store, disk -> new ArrayList<>()).add(folder);
            }
        }
        List<Disk> disks = new ArrayList<>();
        for (Map.Entry<FileStore, List<Path>> disk : byDisk.entrySet()) {
            try {
                List<Path> on = disk.getValue();
                int staged = on.size() - (on.contains(folders.get(0)) ? 1 : 0);
                disks.add(new Disk(on.get(0), on.size(), staged, disk.getKey().getUsableSpace()));
            } catch (IOException e) {
                // Unreadable for now: left out of this reading.
            }
        }
        if (scheduled && closed) {
            return; // begun before the room closed: what is read after must not be replaced
        }
        latest = new Reading(List.copyOf(disks), releasedBefore, System.nanoTime());
    }

    /** The folder's disk, found once (it reads the mount table); null while the folder is missing. */
    private FileStore store(Path folder) {
        FileStore known = stores.get(folder);
        if (known == null) {
            try {
                known = Files.getFileStore(folder);
                stores.put(folder, known);
            } catch (IOException e) {
                return null;
            }
        }
        return known;
    }

    /** Stops reading the disks. */
    @Override
    public void close() {
        closed = true;
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
