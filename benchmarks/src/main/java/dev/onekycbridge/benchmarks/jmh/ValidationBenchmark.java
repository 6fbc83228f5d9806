package dev.onekycbridge.benchmarks.jmh;

import dev.onekycbridge.benchmarks.Fixtures;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.document.DocumentLimits;
import dev.onekycbridge.core.port.in.StartCertificateRegistration;
import dev.onekycbridge.core.service.RequestValidator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RequestValidator#certificateRegistration} on a full, valid command (user details, contacts with their
 * verification, one consent record, a JPEG KTP and a PNG selfie of {@code imageBytes} each), beside a no-op that
 * only hands the command back. Validation reads and hashes both images, so {@code referenceSha256} shows the
 * share of that floor: SHA-256 over the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidationBenchmark {
    @Param({"8192", "204800"})
    public int imageBytes;

    private RequestValidator validator;
    private StartCertificateRegistration command;
    private byte[] ktp;
    private byte[] selfie;

    @Setup
    public void setUp() {
        validator = new RequestValidator(Clock.systemUTC(), new DocumentInspector(DocumentLimits.DEFAULT));
        ktp = Fixtures.jpeg(imageBytes);
        selfie = Fixtures.png(imageBytes);
        command = Fixtures.registrationCommand("bench-user", ktp, selfie);
    }

    @Benchmark
    public RequestValidator.ValidCertificateRegistration validate() {
        return validator.certificateRegistration(command);
    }

    @Benchmark
    public StartCertificateRegistration baselineNoop() {
        return command;
    }

    @Benchmark
    public byte[] referenceSha256() throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(ktp);
        byte[] first = digest.digest();
        digest.update(selfie);
        byte[] second = digest.digest();
        first[0] ^= second[0];
        return first;
    }
}
