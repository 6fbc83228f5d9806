package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room left on real disks: each test sets the reserve relative to the free space of the test's own temporary
 * folder, read again by the room a moment later, with margins of 100 MiB or more either way, far more than anything
 * else writes or deletes there meanwhile. The bodies taken are only counted: nothing is written.
 */
class DiskRoomTest {
    private static final long MIB = 1024L * 1024;

    @TempDir
    Path uploads;
    @TempDir
    Path staging;

    @Test
    void aBodyIsTakenWhileItLeavesTheReserveFreeAndItsUploadCountsUntilReleased() throws IOException {
        try (DiskRoom room = room(new DiskReserve(free(uploads) - 1000 * MIB, List.of()), uploads)) {
            assertThat(room.take(400 * MIB)).isEmpty();
            assertThat(room.take(400 * MIB)).isEmpty();
            assertThat(room.take(400 * MIB)).as("a third body: 1200 MiB of 1000").contains(uploads);

            room.release(400 * MIB);
            assertThat(room.take(400 * MIB)).as("released: its upload is deleted").isEmpty();
        }
    }

    @Test
    void aReleasedBodysStagedCopyCountsUntilTheDiskIsReadAgain() throws IOException {
        assumeSharedDisk();
        try (DiskRoom room = room(new DiskReserve(free(uploads) - 1000 * MIB, List.of(staging)), uploads)) {
            assertThat(room.take(300 * MIB)).as("600 MiB of 1000: the upload and the staged copy").isEmpty();
            room.release(300 * MIB);
            assertThat(room.take(300 * MIB)).as("600 MiB and the released body's staged copy, 300").isEmpty();

            assertThat(room.take(100 * MIB)).as("800 MiB and the staged 300").contains(uploads);
            room.read();
            assertThat(room.take(100 * MIB)).as("read again: the released body's copy was never written").isEmpty();
        }
    }

    @Test
    void aBodyReleasedWhileTheDiskIsBeingReadStillCountsUntilTheNextReading() throws IOException {
        assumeSharedDisk();
        try (DiskRoom room = room(new DiskReserve(free(uploads) - 1000 * MIB, List.of(staging)), uploads)) {
            assertThat(room.take(300 * MIB)).isEmpty();
            room.read(); // begun while the body was in flight: counts it as pending, not in the reading
            room.release(300 * MIB);

            assertThat(room.take(400 * MIB)).as("800 MiB and the staged 300, until a reading begun after the release")
                    .contains(uploads);
            room.read();
            assertThat(room.take(400 * MIB)).isEmpty();
        }
    }

    @Test
    void theDisksAreReadOnTheRoomsOwnThreadUntilItIsClosed() throws Exception {
        assumeSharedDisk();
        DiskRoom room = new DiskRoom(new DiskReserve(free(uploads) - 1000 * MIB, List.of(staging)), uploads, 50);
        assertThat(room.take(300 * MIB)).isEmpty();
        room.release(300 * MIB);
        // The staged 300 MiB count until the room's thread reads again, which it does every 50 ms.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (room.take(400 * MIB).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(room.take(0)).as("read again by the room's thread").isEmpty();
        room.release(400 * MIB);

        room.close();
        room.read();
        assertThat(room.take(400 * MIB)).isEmpty();
        room.release(400 * MIB);
        Thread.sleep(300);
        assertThat(room.take(400 * MIB)).as("closed: the room's thread reads no more").contains(uploads);
    }

    /** A reading that hangs (here: none comes, the room closed) must not refuse bodies in the name of a full disk. */
    @Test
    void whileTheReadingsHaveStoppedComingNoDiskIsCounted() throws Exception {
        // Stale after 2.4 s: far longer than the two statements between the room's first reading and the take.
        DiskRoom room = new DiskRoom(new DiskReserve(free(uploads) + 1024 * MIB, List.of()), uploads, 40);
        assertThat(room.take(0)).as("a reserve larger than the free space").contains(uploads);

        room.close();
        long staleAfterMillis = 40L * DiskRoom.STALE_AFTER_INTERVALS;
        Thread.sleep(staleAfterMillis + 200);

        assertThat(room.take(0)).as("no reading for %d ms", staleAfterMillis + 200).isEmpty();
        room.read();
        assertThat(room.take(0)).as("read again").contains(uploads);
    }

    /** A room whose own thread does not read again during a test: only the test's {@code read()} calls do. */
    private static DiskRoom room(DiskReserve reserve, Path uploadsDirectory) {
        return new DiskRoom(reserve, uploadsDirectory, 3_600_000);
    }

    @Test
    void aStagingFolderOnTheSameDiskCountsEachBodyTwiceThere() throws IOException {
        assumeSharedDisk();
        try (DiskRoom room = room(new DiskReserve(free(uploads) - 1000 * MIB, List.of(staging)), uploads)) {
            assertThat(room.take(400 * MIB)).as("800 MiB of 1000").isEmpty();
            assertThat(room.take(200 * MIB)).as("1200 MiB of 1000").contains(uploads);
        }
    }

    @Test
    void aReserveLargerThanTheFreeSpaceRefusesEvenAnEmptyBody() throws IOException {
        try (DiskRoom room = room(new DiskReserve(free(staging) + 1024 * MIB, List.of(staging)),
                uploads.resolve("not-yet-made"))) {
            assertThat(room.take(0)).as("the uploads directory is missing: its disk is not counted")
                    .contains(staging);
        }
    }

    @Test
    void aReserveOfZeroTakesEverything() {
        DiskRoom room = new DiskRoom(new DiskReserve(0, List.of(staging)), uploads);

        assertThat(room.take(Long.MAX_VALUE / 4)).isEmpty();
        room.release(Long.MAX_VALUE / 4);
        assertThat(room.take(Long.MAX_VALUE / 4)).isEmpty();
    }

    @Test
    void aReserveIsNeverNegative() {
        assertThatThrownBy(() -> new DiskReserve(-1, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    private void assumeSharedDisk() throws IOException {
        assumeTrue(Files.getFileStore(uploads).equals(Files.getFileStore(staging)),
                "both temporary folders share a disk");
    }

    private static long free(Path folder) throws IOException {
        long usable = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(usable > 1024 * MIB, "at least 1 GiB free in the temporary folder");
        return usable;
    }
}
