package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onekycbridge.core.port.out.StoredDataUnreadableException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataCipherTest {
    private static final String SECRET = "3171015505900001 Siti Rahayu Lestari";
    private final DataKey key = TestDatabase.key("k1", 1);
    private final DataCipher cipher = DataCipher.of(key, List.of());

    @Test
    void aSealedValueOpensToItselfUnderTheSameContext() {
        DataCipher.Sealed sealed = cipher.seal(SECRET, "submissions.personal|id-1");

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(cipher.openString("k1", sealed.bytes(), "submissions.personal|id-1")).isEqualTo(SECRET);
    }

    @Test
    void aSliceOfABufferIsSealedWithoutTheRestOfIt() {
        byte[] buffer = ("xx" + SECRET + "yy").getBytes(StandardCharsets.UTF_8);
        int length = SECRET.getBytes(StandardCharsets.UTF_8).length;

        DataCipher.Sealed sealed = cipher.seal(buffer, 2, length, "ctx");

        assertThat(cipher.openString("k1", sealed.bytes(), "ctx")).isEqualTo(SECRET);
        assertThatThrownBy(() -> cipher.seal(buffer, 2, buffer.length, "ctx"))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theCiphertextHoldsNoPlaintextAndAFreshNonceEachTime() {
        DataCipher.Sealed first = cipher.seal(SECRET, "ctx");
        DataCipher.Sealed second = cipher.seal(SECRET, "ctx");

        assertThat(new String(first.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("3171015505900001");
        assertThat(first.bytes()).isNotEqualTo(second.bytes());
        // format byte + 96-bit nonce + ciphertext + 128-bit tag
        assertThat(first.bytes()).hasSize(1 + 12 + SECRET.getBytes(StandardCharsets.UTF_8).length + 16);
    }

    @Test
    void aValueMovedToAnotherRowOrColumnDoesNotOpen() {
        DataCipher.Sealed sealed = cipher.seal(SECRET, "submissions.personal|id-1");

        assertThatThrownBy(() -> cipher.open("k1", sealed.bytes(), "submissions.personal|id-2"))
                .isInstanceOfSatisfying(DataKeyMismatchException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.DAMAGED));
        assertThatThrownBy(() -> cipher.open("k1", sealed.bytes(), "callback_inbox.body|id-1"))
                .isInstanceOfSatisfying(DataKeyMismatchException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.DAMAGED));
    }

    /** Its key is configured: no instance reads it, so it must not pass for a key missing here. */
    @Test
    void anAlteredCiphertextDoesNotOpenAndIsDamagedNamingWhereItLivesAndNoValue() {
        byte[] sealed = cipher.seal(SECRET, "submissions.personal|id-1").bytes();
        sealed[20] ^= 1;

        assertThatThrownBy(() -> cipher.open("k1", sealed, "submissions.personal|id-1"))
                .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DAMAGED);
                    assertThat(e.storedKeyId()).isEqualTo("k1");
                    assertThat(e.getMessage()).contains("submissions.personal|id-1").contains("'k1', which is "
                            + "configured").doesNotContain("not configured").doesNotContain("3171015505900001")
                            .doesNotContain("Siti");
                });
    }

    @Test
    void aValueNotInTheEncryptedFormatUnderAConfiguredKeyIsDamaged() {
        assertThatThrownBy(() -> cipher.open("k1", new byte[] {1, 2}, "submissions.personal|id-1"))
                .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DAMAGED);
                    assertThat(e.getMessage()).contains("submissions.personal|id-1")
                            .contains("not in a known encrypted format");
                });
    }

    @Test
    void anotherKeyWithTheSameIdSaysTheKeyDoesNotMatchAndNothingElse() {
        byte[] sealed = cipher.seal(SECRET, "ctx").bytes();
        DataCipher wrong = DataCipher.of(TestDatabase.key("k1", 2), List.of());

        assertThatThrownBy(() -> wrong.open("k1", sealed, "ctx"))
                .isInstanceOfSatisfying(DataKeyMismatchException.class, e -> {
                    assertThat(e.getMessage()).contains("data key does not match").contains("'k1'")
                            .doesNotContain("3171015505900001").doesNotContain("Siti");
                    assertThat(e.storedKeyId()).isEqualTo("k1");
                });
    }

    @Test
    void aValueUnderAKeyThatIsNotConfiguredSaysSo() {
        byte[] sealed = cipher.seal(SECRET, "ctx").bytes();
        DataCipher other = DataCipher.of(TestDatabase.key("k2", 2), List.of());

        assertThatThrownBy(() -> other.open("k1", sealed, "ctx"))
                .isInstanceOfSatisfying(DataKeyMismatchException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.KEY_NOT_CONFIGURED))
                .hasMessageContaining("data key does not match")
                .hasMessageContaining("'k1', which is not configured");
    }

    @Test
    void previousKeysStillOpenWhatTheySealedWhileNewValuesUseTheCurrentKey() {
        byte[] old = cipher.seal(SECRET, "ctx").bytes();

        DataCipher rotated = cipher.rotatedTo(TestDatabase.key("k2", 2));

        assertThat(rotated.openString("k1", old, "ctx")).isEqualTo(SECRET);
        assertThat(rotated.seal(SECRET, "ctx").keyId()).isEqualTo("k2");
        assertThat(rotated.currentKeyId()).isEqualTo("k2");
    }

    @Test
    void rotatingToADifferentKeyUnderAKnownIdIsRefused() {
        assertThatThrownBy(() -> cipher.rotatedTo(TestDatabase.key("k1", 9)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void macsAreStableHexPerKeyAndDifferBetweenKeys() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        DataCipher rotated = cipher.rotatedTo(TestDatabase.key("k2", 2));

        assertThat(cipher.mac(body)).isEqualTo(cipher.mac(body)).matches("[0-9a-f]{64}");
        assertThat(rotated.mac(body)).isNotEqualTo(cipher.mac(body));
        assertThat(rotated.macsUnderEveryKey(body)).containsExactly(rotated.mac(body), cipher.mac(body));
    }

    @Test
    void aKeyIsThirtyTwoBytesOfBase64AndNeverPrinted() {
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);

        assertThat(DataKey.fromBase64("k", base64).toString()).isEqualTo("DataKey[id=k, material=***]");
        assertThatThrownBy(() -> DataKey.fromBase64("k", Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> DataKey.fromBase64("k", "not base64!")).hasMessage("the data key is not valid base64");
        assertThatThrownBy(() -> DataKey.fromBase64("has space", base64)).isInstanceOf(IllegalArgumentException.class);
    }
}
