package pog.lighter.signer.schnorr;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.curve.Scalar;
import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.hash.Poseidon2;

class SchnorrTest {

    private static final HexFormat HEX = HexFormat.of();

    static long[] u(String... v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Long.parseUnsignedLong(v[i]);
        }
        return r;
    }

    /** TestComparativeSchnorrSignAndVerify in the reference's schnorr_test.go: (sk, message, k) -> (s, e). */
    private static final String[][][] REFERENCE = {
        {
            {"12235002942052073545", "1175977464658719998", "8536934969147463310", "6524687619313720391", "2922072024880609112"},
            {"8398652514106806347", "11069112711939986896", "9732488227085561369", "18076754337204438535", "17155407358725346236"},
            {"5245666847777449560", "15178169970799106939", "4403065012435293749", "15306540389399388999", "8935555081913173844"},
            {"6950590877883398434", "17178336263794770543", "11012823478139181320", "16445091359523510936", "5882925226143600273"},
            {"4544744459434870309", "4180764085957612004", "3024669018778978615", "15433417688859446606", "6775027260348937828"},
        },
        {
            {"14609471659974493146", "15558617123161593410", "853367204868339037", "17594253198278631904", "368396584122947478"},
            {"14569490467507212064", "2707063505563578676", "7506743487465742335", "12569771346154554175", "4305083698940175790"},
            {"1980123857560067020", "10696795398834097509", "3211831869376171671", "6194822139276031840", "3482023782412490864"},
            {"15189311883262425203", "16924634885527914505", "11098200095411565797", "11441434601417451505", "2245797172600273048"},
            {"4905460437060282008", "9275377852059362729", "10383772785796962929", "6858067464918579610", "7078247668913970626"},
        },
        {
            {"846395111423676945", "1354180063821346280", "5751371120309175011", "4898038106472090654", "1076345918732914302"},
            {"17529153479246803593", "1743712677205511695", "4834285972617397460", "5486672566342530358", "7254989001695704129"},
            {"10299597990997564957", "8547298489021408803", "12250978550108858722", "5282281975236198197", "5328603554431393061"},
            {"1747989245728027396", "18083435619737379521", "18276259610811995786", "15101757397705334408", "5007814817019340642"},
            {"4911725746357568132", "12205663641120664338", "16433506899074513700", "14763562571101437023", "2547950465160283358"},
        },
    };

    @Test
    void fixedNonceSignaturesMatchTheReferenceAndVerify() {
        for (String[][] v : REFERENCE) {
            Scalar sk = Scalar.fromLimbs(u(v[0]));
            GfP5 msg = GfP5.of(u(v[1]));
            Signature sig = Schnorr.signWithNonce(msg, sk, Scalar.fromLimbs(u(v[2])));
            assertThat(sig.s().limbs()).containsExactly(u(v[3]));
            assertThat(sig.e().limbs()).containsExactly(u(v[4]));
            assertThat(Schnorr.verify(Schnorr.publicKey(sk), msg, sig)).isTrue();
        }
    }

    /**
     * A vector captured from lighter-go by a third party (sk = 7 + 3*2^64, k = 9 + 5*2^128,
     * message limbs 1..5), kept because it pins the byte encodings of key and signature.
     */
    @Test
    void capturedByteVectorMatches() {
        byte[] skBytes = HEX.parseHex("07000000000000000300000000000000000000000000000000000000000000000000000000000000");
        byte[] msgBytes = HEX.parseHex("01000000000000000200000000000000030000000000000004000000000000000500000000000000");
        byte[] kBytes = HEX.parseHex("09000000000000000000000000000000050000000000000000000000000000000000000000000000");
        PrivateKey key = PrivateKey.fromBytes(skBytes);
        assertThat(key.publicKeyHex()).isEqualTo("48d4615592bf39d71889f5127c7710c36912b733a1f8f32cb9446a7aec4e34461348642d459cbc77");
        Signature sig = Schnorr.signWithNonce(GfP5.fromCanonicalLittleEndianBytes(msgBytes), key.scalar(),
                Scalar.fromLittleEndianBytesReduced(kBytes));
        assertThat(sig.toHex()).isEqualTo("a90169cde0aa539d74553bcdccd969925519370da180f17c2374f9448d857d7d3dd342894fe83770"
                + "e321927a894dadef5932badf109a622dbd07be130e22e522f1c58ec27e05e9458071b476bfa1e708");
        assertThat(Schnorr.verify(key.publicKey().toLittleEndianBytes(), msgBytes, sig.toBytes())).isTrue();
    }

    @Test
    void randomSignaturesVerifyAndDiffer() {
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < 10; i++) {
            PrivateKey key = PrivateKey.generate(rnd);
            long[] msgElems = new long[1 + i * 7];
            for (int j = 0; j < msgElems.length; j++) {
                msgElems[j] = rnd.nextLong();
            }
            GfP5 msg = Poseidon2.hashToQuinticExtension(msgElems);
            Signature a = key.sign(msg);
            Signature b = key.sign(msg);
            assertThat(a).isNotEqualTo(b);
            assertThat(Schnorr.verify(key.publicKey(), msg, a)).isTrue();
            assertThat(Schnorr.verify(key.publicKey(), msg, b)).isTrue();
            assertThat(Signature.fromBytes(a.toBytes())).isEqualTo(a);
        }
    }

    @Test
    void everyTamperedByteOfSignatureKeyOrMessageFailsVerification() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        GfP5 msg = Poseidon2.hashToQuinticExtension(14, 42, 1_800_000_000L);
        byte[] pk = key.publicKey().toLittleEndianBytes();
        byte[] m = msg.toLittleEndianBytes();
        byte[] sig = key.sign(msg).toBytes();
        assertThat(Schnorr.verify(pk, m, sig)).isTrue();
        for (int i = 0; i < sig.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] t = sig.clone();
                t[i] ^= (byte) (1 << bit);
                assertThat(Schnorr.verify(pk, m, t)).as("signature byte %d bit %d", i, bit).isFalse();
            }
        }
        for (int i = 0; i < m.length; i++) {
            byte[] t = m.clone();
            t[i] ^= 1;
            assertThat(Schnorr.verify(pk, t, sig)).as("message byte %d", i).isFalse();
        }
        for (int i = 0; i < pk.length; i++) {
            byte[] t = pk.clone();
            t[i] ^= 1;
            assertThat(Schnorr.verify(t, m, sig)).as("public key byte %d", i).isFalse();
        }
        assertThat(Schnorr.verify(pk, m, new byte[79])).isFalse();
    }

    @Test
    void aSignatureWithAHalfAboveTheOrderIsRejected() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        GfP5 msg = GfP5.fromBase(5);
        Signature sig = key.sign(msg);
        // s + n encodes the same residue; the reference would reduce it, we refuse it.
        byte[] b = sig.toBytes();
        byte[] sPlusN = new java.math.BigInteger(1, reverse(java.util.Arrays.copyOf(b, 40)))
                .add(Scalar.ORDER).toByteArray();
        if (sPlusN.length <= 40) {
            byte[] le = reverse(sPlusN);
            byte[] t = b.clone();
            java.util.Arrays.fill(t, 0, 40, (byte) 0);
            System.arraycopy(le, 0, t, 0, le.length);
            assertThat(Schnorr.verify(key.publicKey().toLittleEndianBytes(), msg.toLittleEndianBytes(), t)).isFalse();
        }
    }

    private static byte[] reverse(byte[] a) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
