package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory plain images are written to while a registration is received: the service's user's alone. */
class UploadsDirectoryTest {
    @TempDir
    Path folder;

    @BeforeEach
    void posixOnly() {
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    @Test
    void aMissingDirectoryAndItsMissingParentsAreCreatedForTheOwnerAlone() throws IOException {
        Path uploads = folder.resolve("tmp").resolve("onekyc-bridge-uploads");

        UploadsDirectory.prepare(uploads);

        assertThat(permissions(uploads)).isEqualTo("rwx------");
        assertThat(permissions(uploads.getParent())).isEqualTo("rwx------");
        try (Stream<Path> left = Files.list(uploads)) {
            assertThat(left).as("the owner probe is gone").isEmpty();
        }
    }

    @Test
    void anExistingDirectoryOpenToOthersIsClosed() throws IOException {
        Path uploads = Files.createDirectory(folder.resolve("uploads"));
        Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwxrwxrwx"));

        UploadsDirectory.prepare(uploads);

        assertThat(permissions(uploads)).isEqualTo("rwx------");
    }

    @Test
    void aSymbolicLinkOrAFileIsRefused() throws IOException {
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(folder.resolve("uploads"), elsewhere);
        Path file = Files.createFile(folder.resolve("a-file"));
        String before = permissions(elsewhere);

        assertThatThrownBy(() -> UploadsDirectory.prepare(link))
                .hasMessageContaining("not a directory (or is a symbolic link)");
        assertThatThrownBy(() -> UploadsDirectory.prepare(file))
                .hasMessageContaining("not a directory (or is a symbolic link)");
        assertThat(permissions(elsewhere)).as("the link's target is left alone").isEqualTo(before);
    }

    @Test
    void theCheckOfEachRequestSeesADirectoryChangedSinceItWasPrepared() throws IOException {
        Path uploads = folder.resolve("uploads");
        OptionalInt owner = UploadsDirectory.prepare(uploads);
        assertThat(UploadsDirectory.isStillPrivate(uploads, owner)).isTrue();

        Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwx---r-x"));
        assertThat(UploadsDirectory.isStillPrivate(uploads, owner)).as("opened to others").isFalse();
        Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwx------"));
        assertThat(UploadsDirectory.isStillPrivate(uploads, owner)).isTrue();

        assertThat(UploadsDirectory.isStillPrivate(uploads, OptionalInt.of(owner.getAsInt() + 1)))
                .as("another user's").isFalse();

        Path moved = Files.move(uploads, folder.resolve("moved"));
        Files.createSymbolicLink(uploads, moved);
        assertThat(UploadsDirectory.isStillPrivate(uploads, owner)).as("a link to a private directory").isFalse();
        Files.delete(uploads);
        Files.createFile(uploads, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThat(UploadsDirectory.isStillPrivate(uploads, owner)).as("a file").isFalse();
        Files.delete(uploads);
        assertThat(UploadsDirectory.isStillPrivate(uploads, owner)).as("gone").isFalse();
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        Path uploads = Files.createDirectory(folder.resolve("uploads"));
        Files.setPosixFilePermissions(uploads, PosixFilePermissions.fromString("rwxrwxrwx"));
        UserPrincipal nobody;
        try {
            nobody = uploads.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(uploads, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "giving a directory away needs root and a 'nobody' user: " + e);
            return;
        }

        assertThatThrownBy(() -> UploadsDirectory.prepare(uploads)).hasMessageContaining("belongs to another user");
        assertThat(permissions(uploads)).isEqualTo("rwxrwxrwx");
    }

    @Test
    void filesLeftByAKilledProcessAreDeletedWhenTheServerStarts() throws Exception {
        Path uploads = Files.createDirectory(folder.resolve("uploads"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.write(uploads.resolve("6c256a7f-e958-4e18-8a22-e1326352e14d"), new byte[]{(byte) 0xFF, (byte) 0xD8});
        Files.write(uploads.resolve("0533e5c7-3f66-47fc-9e7d-f314be1bf04c"), new byte[]{(byte) 0x89, 'P'});
        Path inner = Files.createDirectory(uploads.resolve("inner"));
        // Only the body handler's files (named by a random UUID) are the server's to delete: a directory shared
        // by mistake with anything else (a database beside it) keeps the rest.
        Path database = Files.write(uploads.resolve("onekyc-bridge.db"), new byte[]{'S', 'Q'});
        Path almost = Files.write(uploads.resolve("6c256a7f-e958-4e18-8a22-e1326352e14d.db"), new byte[]{1});
        Vertx vertx = Vertx.vertx();
        try (TestBridge bridge = TestBridge.start(vertx, config -> config.withUploadsDirectory(uploads))) {
            try (Stream<Path> left = Files.list(uploads)) {
                assertThat(left.filter(p -> !p.getFileName().toString().equals(UploadsLock.FILE_NAME)))
                        .containsExactlyInAnyOrder(inner, database, almost);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Before, the second server deleted the first one's uploads in flight as a killed process's leftovers. */
    @Test
    void aSecondServerOnAnUploadsDirectoryInUseIsRefusedAndTheFirstOnesUploadsInFlightStay() throws Exception {
        Path uploads = folder.resolve("uploads");
        Vertx vertx = Vertx.vertx();
        try {
            try (TestBridge first = TestBridge.start(vertx, config -> config.withUploadsDirectory(uploads))) {
                Path inFlight = Files.write(uploads.resolve("6c256a7f-e958-4e18-8a22-e1326352e14d"),
                        new byte[]{(byte) 0xFF, (byte) 0xD8});

                assertThatThrownBy(() -> TestBridge.start(vertx, config -> config.withUploadsDirectory(uploads)))
                        .hasRootCauseMessage("the uploads directory " + uploads + " is in use by another running"
                                + " instance; each instance needs its own, or it would delete the other's uploads in"
                                + " flight");
                assertThat(inFlight).exists();
            }
            // Stopped, the first leaves the directory to the next.
            try (TestBridge next = TestBridge.start(vertx, config -> config.withUploadsDirectory(uploads))) {
                assertThat(next.port()).isPositive();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServerDoesNotStartWithAnUploadsDirectoryItCannotMakePrivate() throws Exception {
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(folder.resolve("uploads"), elsewhere);
        Vertx vertx = Vertx.vertx();
        try {
            assertThatThrownBy(() -> TestBridge.start(vertx, config -> config.withUploadsDirectory(link)))
                    .hasRootCauseMessage("the uploads directory " + link + " cannot hold images: it is not a "
                            + "directory (or is a symbolic link); remove it or use another one");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
