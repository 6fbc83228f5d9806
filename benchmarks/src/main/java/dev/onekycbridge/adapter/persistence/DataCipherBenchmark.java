package dev.onekycbridge.adapter.persistence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The persistence adapter's own cipher ({@link DataCipher}: AES-256-GCM, random 96-bit nonce, 128-bit tag,
 * associated data naming table, row and key) on a personal-data record (1 KiB) and a staged image (200 KiB),
 * beside bare {@code javax.crypto} AES-256-GCM with the same parameters, a counter nonce and a fixed AAD.
 *
 * <p>{@code DataCipher} is package-private; this class shares its package name so that it can call it. That
 * works on the class path (one class loader, no sealed packages), which is how {@code benchmarks.jar} runs; it
 * would not in named modules.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DataCipherBenchmark {
    @Param({"1024", "204800"})
    public int plaintextBytes;

    private DataCipher cipher;
    private byte[] plaintext;
    private String context;
    private DataCipher.Sealed sealed;

    private SecretKeySpec rawKey;
    private byte[] rawAad;
    private long nonceCounter;
    private byte[] rawNonce;
    private byte[] rawSealed;

    @Setup
    public void setUp() throws GeneralSecurityException {
        byte[] key = new byte[DataKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(key);
        cipher = DataCipher.of(DataKey.of("bench", key), List.of());
        plaintext = new byte[plaintextBytes];
        new SecureRandom().nextBytes(plaintext);
        context = "submissions.personal|" + UUID.randomUUID();
        sealed = cipher.seal(plaintext, context);

        rawKey = new SecretKeySpec(key, "AES");
        rawAad = ("onekyc-bridge/v1|" + context + "|bench").getBytes(StandardCharsets.UTF_8);
        rawNonce = new byte[12];
        Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
        encrypt.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        encrypt.updateAAD(rawAad);
        rawSealed = encrypt.doFinal(plaintext);
    }

    @Benchmark
    public DataCipher.Sealed seal() {
        return cipher.seal(plaintext, context);
    }

    @Benchmark
    public byte[] open() {
        return cipher.open(sealed.keyId(), sealed.bytes(), context);
    }

    @Benchmark
    public byte[] baselineSeal() throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        long n = ++nonceCounter;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
        Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
        encrypt.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        encrypt.updateAAD(rawAad);
        return encrypt.doFinal(plaintext);
    }

    @Benchmark
    public byte[] baselineOpen() throws GeneralSecurityException {
        Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
        decrypt.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        decrypt.updateAAD(rawAad);
        return decrypt.doFinal(rawSealed);
    }
}
