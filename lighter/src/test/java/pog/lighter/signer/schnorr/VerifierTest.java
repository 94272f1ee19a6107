package pog.lighter.signer.schnorr;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.field.GfP5;

/** The precomputed per-key verifier accepts and refuses exactly what the plain verification does. */
class VerifierTest {
    private static final Random RANDOM = new Random(7);

    private static GfP5 message() {
        return GfP5.of(RANDOM.nextLong() >>> 1, RANDOM.nextLong() >>> 1, RANDOM.nextLong() >>> 1, RANDOM.nextLong() >>> 1,
                RANDOM.nextLong() >>> 1);
    }

    @Test
    void agreesWithPlainVerificationOnValidTamperedAndForeignSignatures() {
        SecureRandom rnd = new SecureRandom();
        PrivateKey other = PrivateKey.generate(rnd);
        for (int i = 0; i < 20; i++) {
            PrivateKey key = PrivateKey.generate(rnd);
            Schnorr.Verifier verifier = Schnorr.Verifier.of(key.publicKey().toLittleEndianBytes());
            GfP5 m = message();
            Signature sig = key.sign(m);
            assertThat(verifier.verify(m, sig)).isTrue();
            assertThat(Schnorr.verify(key.publicKey(), m, sig)).isTrue();
            GfP5 tampered = m.add(GfP5.ONE);
            assertThat(verifier.verify(tampered, sig)).isFalse();
            assertThat(Schnorr.verify(key.publicKey(), tampered, sig)).isFalse();
            Signature foreign = other.sign(m);
            assertThat(verifier.verify(m, foreign)).isFalse();
            Signature swapped = new Signature(sig.e(), sig.s());
            assertThat(verifier.verify(m, swapped)).isEqualTo(Schnorr.verify(key.publicKey(), m, swapped)).isFalse();
        }
    }

    @Test
    void aKeyThatDoesNotDecodeVerifiesNothing() {
        byte[] notAKey = new byte[40];
        notAKey[0] = 1; // w = 1 encodes no point
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        GfP5 m = message();
        assertThat(Schnorr.Verifier.of(notAKey).verify(m, key.sign(m))).isFalse();
        assertThat(Schnorr.Verifier.of(new byte[3]).verify(m.toLittleEndianBytes(), key.sign(m).toBytes())).isFalse();
    }
}
