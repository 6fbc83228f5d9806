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
 * folder, with margins of tens of MiB, far more than anything else writes there meanwhile.
 */
class DiskRoomTest {
    private static final long MIB = 1024L * 1024;

    @TempDir
    Path uploads;
    @TempDir
    Path staging;

    @Test
    void aBodyIsTakenWhileItLeavesTheReserveFreeAndTheBodiesTakenCountUntilReleased() throws IOException {
        DiskRoom room = new DiskRoom(new DiskReserve(free(uploads) - 100 * MIB, List.of()), uploads);

        assertThat(room.take(40 * MIB)).isEmpty();
        assertThat(room.take(40 * MIB)).isEmpty();
        assertThat(room.take(40 * MIB)).as("a third body: 120 MiB of 100").contains(uploads);

        room.release(40 * MIB);
        assertThat(room.take(40 * MIB)).isEmpty();
    }

    @Test
    void aStagingFolderOnTheSameDiskCountsEachBodyTwiceThere() throws IOException {
        assumeTrue(Files.getFileStore(uploads).equals(Files.getFileStore(staging)),
                "both temporary folders share a disk");
        DiskRoom room = new DiskRoom(new DiskReserve(free(uploads) - 100 * MIB, List.of(staging)), uploads);

        assertThat(room.take(40 * MIB)).as("80 MiB of 100").isEmpty();
        assertThat(room.take(20 * MIB)).as("120 MiB of 100").contains(uploads);
    }

    @Test
    void aReserveLargerThanTheFreeSpaceRefusesEvenAnEmptyBody() throws IOException {
        DiskRoom room = new DiskRoom(new DiskReserve(free(staging) + 1024 * MIB, List.of(staging)),
                uploads.resolve("not-yet-made"));

        assertThat(room.take(0)).as("the uploads directory is missing: its disk is not counted")
                .contains(staging);
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

    private static long free(Path folder) throws IOException {
        long usable = Files.getFileStore(folder).getUsableSpace();
        assumeTrue(usable > 1024 * MIB, "at least 1 GiB free in the temporary folder");
        return usable;
    }
}
