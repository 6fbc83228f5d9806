package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An uploaded copy cut short (its disk filled up while the body handler wrote it) is never taken as the part. */
class MultipartFormTest {
    @TempDir
    Path uploads;

    /** A part as the body handler reports it: its name, its size as received, the copy it wrote. */
    private static FileUpload upload(String name, long size, Path copy) {
        return (FileUpload) Proxy.newProxyInstance(FileUpload.class.getClassLoader(), new Class<?>[] {FileUpload.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "size" -> size;
                    case "uploadedFileName" -> copy.toString();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aCopyShorterThanItsPartIsRefusedWith503() throws IOException {
        Path whole = Files.write(uploads.resolve("whole"), new byte[4096]);
        Path cut = Files.write(uploads.resolve("cut"), new byte[3072]);

        assertThatCode(() -> MultipartForm.requireWhole(List.of(upload("ktp", 4096, whole)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> MultipartForm.requireWhole(List.of(upload("ktp", 4096, whole),
                upload("selfie", 4096, cut))))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.problem().detail()).contains("could not be kept whole");
                });
    }

    @Test
    void aCopyThatIsGoneIsRefusedWith503() {
        assertThatThrownBy(() -> MultipartForm.requireWhole(List.of(upload("ktp", 10, uploads.resolve("gone")))))
                .isInstanceOfSatisfying(ProblemException.class, e ->
                        assertThat(e.problem().status()).isEqualTo(503));
    }
}
