package pog.lighter.signer.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.field.Gf;
import pog.lighter.signer.field.GfP5;

/** Scalar-field vectors from the reference's scalar_field_test.go. */
class ScalarTest {

    static long[] u(String... v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Long.parseUnsignedLong(v[i]);
        }
        return r;
    }

    @Test
    void theOrderMatchesTheReferenceLimbs() {
        Scalar nMinusOne = Scalar.ONE.neg();
        assertThat(nMinusOne.limbs()).containsExactly(0xE80FD996948BFFE0L, 0xE8885C39D724A09CL, 0x7FFFFFE6CFB80639L,
                0x7FFFFFF100000016L, 0x7FFFFFFD80000007L);
    }

    @Test
    void bytesRoundTripAndReduceLikeTheReference() {
        Scalar s = Scalar.fromLimbs(u("6950590877883398434", "17178336263794770543", "11012823478139181320",
                "16445091359523510936", "5882925226143600273"));
        assertThat(Scalar.fromLittleEndianBytesReduced(s.toLittleEndianBytes())).isEqualTo(s);
        assertThat(Scalar.fromCanonicalLittleEndianBytes(s.toLittleEndianBytes())).isEqualTo(s);

        byte[] nPlus = Scalar.ONE.neg().toLittleEndianBytes();
        nPlus[0] += 2; // n + 1, no carry (low byte of n - 1 is 0xE0)
        assertThat(Scalar.fromLittleEndianBytesReduced(nPlus)).isEqualTo(Scalar.ONE);
        assertThatThrownBy(() -> Scalar.fromCanonicalLittleEndianBytes(nPlus))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subtractionWrapsAsInTheReference() {
        Scalar a = Scalar.fromLimbs(1, 2, 0, 0, 0);
        Scalar b = Scalar.fromLimbs(-1L, -1L, -1L, -1L, 0x0FFFFFFFFFFFFFFFL);
        assertThat(a.sub(b).limbs()).containsExactly(0xe80fd996948bffe3L, 0xe8885c39d724a09eL, 0x7fffffe6cfb80639L,
                0x7ffffff100000016L, 8070450521510510599L);
    }

    @Test
    void challengeFromAllMinusOneLimbsMatchesTheReference() {
        long m = Gf.P - 1;
        assertThat(Scalar.fromGfP5(GfP5.of(m, m, m, m, m)).limbs()).containsExactly(u("3449841778703204414",
                "3382000508875488967", "212073444237", "124554051540", "17179869170"));
    }

    @Test
    void signedRecodingMatchesTheReference() {
        // The reference recodes the raw limbs {p-1, p-2, p-3, 2^64-1, p-5} (above n, so not reduced first).
        long[] raw = {Gf.P - 1, Gf.P - 2, Gf.P - 3, -1L, Gf.P - 5};
        int[] ss = Scalar.recodeSigned(raw, 50, 5);
        int[] expected = new int[50];
        expected[6] = -4;
        expected[19] = -2;
        expected[25] = -8;
        expected[32] = -1;
        assertThat(ss).containsExactly(expected);
    }

    @Test
    void signedRecodingReconstructsTheScalar() {
        Scalar s = Scalar.fromLimbs(u("6950590877883398434", "17178336263794770543", "11012823478139181320",
                "16445091359523510936", "5882925226143600273"));
        int[] d = s.recodeSigned(64, 5);
        BigInteger v = BigInteger.ZERO;
        for (int i = d.length - 1; i >= 0; i--) {
            v = v.shiftLeft(5).add(BigInteger.valueOf(d[i]));
            assertThat(d[i]).isBetween(-15, 16);
        }
        assertThat(v).isEqualTo(s.toBigInteger());
    }

    @Test
    void arithmeticAgreesWithBigIntegerOnRandomAndEdgeValues() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        BigInteger n = Scalar.ORDER;
        BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE), n.subtract(BigInteger.TWO),
            BigInteger.ONE.shiftLeft(318), n.shiftRight(1)};
        java.util.List<BigInteger> values = new java.util.ArrayList<>(java.util.Arrays.asList(edges));
        for (int i = 0; i < 200; i++) {
            values.add(new BigInteger(320, new java.util.Random(rnd.nextLong())).mod(n));
        }
        for (int i = 0; i < values.size(); i++) {
            BigInteger a = values.get(i);
            BigInteger b = values.get((i * 7 + 3) % values.size());
            Scalar sa = Scalar.of(a);
            Scalar sb = Scalar.of(b);
            assertThat(sa.add(sb).toBigInteger()).isEqualTo(a.add(b).mod(n));
            assertThat(sa.sub(sb).toBigInteger()).isEqualTo(a.subtract(b).mod(n));
            assertThat(sa.mul(sb).toBigInteger()).isEqualTo(a.multiply(b).mod(n));
            assertThat(sa.neg().toBigInteger()).isEqualTo(a.negate().mod(n));
        }
        for (int i = 0; i < 200; i++) {
            long[] l = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()};
            BigInteger v = BigInteger.ZERO;
            for (int k = 4; k >= 0; k--) {
                v = v.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(l[k])));
            }
            assertThat(Scalar.fromLimbs(l).toBigInteger()).isEqualTo(v.mod(n));
        }
        assertThat(Scalar.fromLimbs(-1L, -1L, -1L, -1L, -1L).toBigInteger())
                .isEqualTo(BigInteger.ONE.shiftLeft(320).subtract(BigInteger.ONE).mod(n));
    }

    @Test
    void randomScalarsAreNonzeroAndBelowTheOrder() {
        java.security.SecureRandom rnd = new java.security.SecureRandom();
        for (int i = 0; i < 100; i++) {
            Scalar s = Scalar.random(rnd);
            assertThat(s.isZero()).isFalse();
            assertThat(s.toBigInteger()).isLessThan(Scalar.ORDER);
        }
    }

    @Test
    void montgomeryMultiplicationMatchesTheReference() {
        long[] r = Scalar.montyMul(new long[] {1, 2, 3, 4, 5}, new long[] {-1L, -1L, -1L, -1L, -1L});
        assertThat(r).containsExactly(u("10974894505036100890", "7458803775930281466", "744239893213209819",
                "3396127080529349464", "5979369289905897562"));
    }

    @Test
    void multiplicationMatchesBigInteger() {
        Scalar s = Scalar.fromLimbs(0x1234567890ABCDEFL, 0xFEDCBA9876543210L, 0x0123456789ABCDEFL, 0xFEDCBA9876543210L,
                0x1234567890ABCDEFL);
        assertThat(s.mul(s).toBigInteger()).isEqualTo(s.toBigInteger().pow(2).mod(Scalar.ORDER));
        assertThat(Scalar.of(2).mul(Scalar.of(2))).isEqualTo(Scalar.of(4));
    }
}
