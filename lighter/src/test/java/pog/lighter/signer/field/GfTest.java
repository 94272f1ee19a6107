package pog.lighter.signer.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Goldilocks arithmetic against BigInteger over the reference's edge-case inputs (field_test.go). */
class GfTest {

    private static final BigInteger P = new BigInteger("18446744069414584321");

    /** The reference's input list: around 0, 2^31, 2^32, 2^63, p, and 2^64 - 1. */
    static final long[] INPUTS = {
        0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 2147483638L, 2147483639L, 2147483640L, 2147483641L, 2147483642L,
        2147483643L, 2147483644L, 2147483645L, 2147483646L, 2147483647L, 2147483648L, 2147483649L, 2147483650L,
        2147483651L, 2147483652L, 2147483653L, 2147483654L, 2147483655L, 2147483656L, 2147483657L, 4294967286L,
        4294967287L, 4294967288L, 4294967289L, 4294967290L, 4294967291L, 4294967292L, 4294967293L, 4294967294L,
        4294967295L, 4294967296L, 4294967297L, 4294967298L, 4294967299L, 4294967300L, 4294967301L, 4294967302L,
        4294967303L, 4294967304L, 4294967305L, u("9223372036854775798"), u("9223372036854775799"),
        u("9223372036854775800"), u("9223372036854775801"), u("9223372036854775802"), u("9223372036854775803"),
        u("9223372036854775804"), u("9223372036854775805"), u("9223372036854775806"), u("9223372036854775807"),
        u("9223372036854775808"), u("9223372036854775809"), u("9223372036854775810"), u("9223372036854775811"),
        u("9223372036854775812"), u("9223372036854775813"), u("9223372036854775814"), u("9223372036854775815"),
        u("9223372036854775816"), u("9223372036854775817"), u("18446744069414584311"), u("18446744069414584312"),
        u("18446744069414584313"), u("18446744069414584314"), u("18446744069414584315"), u("18446744069414584316"),
        u("18446744069414584317"), u("18446744069414584318"), u("18446744069414584319"), u("18446744069414584320"),
        u("18446744069414584321"), u("18446744069414584323"), -1L,
    };

    static long u(String s) {
        return Long.parseUnsignedLong(s);
    }

    private static BigInteger big(long x) {
        return new BigInteger(Long.toUnsignedString(x));
    }

    private static long expected(BigInteger v) {
        return v.mod(P).longValue();
    }

    @Test
    void addSubMulAgreeWithBigIntegerOnEveryPairOfEdgeInputs() {
        for (long a : INPUTS) {
            for (long b : INPUTS) {
                assertThat(Gf.add(a, b)).as("%s + %s", a, b).isEqualTo(expected(big(a).add(big(b))));
                assertThat(Gf.sub(a, b)).as("%s - %s", a, b).isEqualTo(expected(big(a).subtract(big(b))));
                assertThat(Gf.mul(a, b)).as("%s * %s", a, b).isEqualTo(expected(big(a).multiply(big(b))));
            }
            assertThat(Gf.neg(a)).isEqualTo(expected(big(a).negate()));
            assertThat(Gf.square(a)).isEqualTo(expected(big(a).multiply(big(a))));
        }
    }

    @Test
    void reduce128MatchesBigIntegerOnTheReferenceValuesAndRandomOnes() {
        long[][] values = {{0, 0}, {1, 0}, {-1, -1}, {0, Gf.P + 1}, {0, Gf.P - 1}, {0, 1}, {0, -1}, {-1, 0}};
        for (long[] v : values) {
            BigInteger x = big(v[0]).shiftLeft(64).add(big(v[1]));
            assertThat(Gf.reduce128(v[0], v[1])).isEqualTo(expected(x));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long hi = rnd.nextLong();
            long lo = rnd.nextLong();
            assertThat(Gf.reduce128(hi, lo)).isEqualTo(expected(big(hi).shiftLeft(64).add(big(lo))));
            long a = rnd.nextLong();
            long b = rnd.nextLong();
            assertThat(Gf.mul(a, b)).isEqualTo(expected(big(a).multiply(big(b))));
            assertThat(Gf.add(a, b)).isEqualTo(expected(big(a).add(big(b))));
            assertThat(Gf.sub(a, b)).isEqualTo(expected(big(a).subtract(big(b))));
        }
    }

    @Test
    void doubleWraparoundCasesFromPlonky2() {
        long a = Long.divideUnsigned(Gf.P + 1, 2);
        long x = Gf.mul(a, 2);
        assertThat(x).isEqualTo(1);
        assertThat(Gf.sub(0, x)).isEqualTo(Gf.P - 1);

        long c = -1L - Gf.P; // u64::MAX - ORDER
        long negOne = Gf.P - 1;
        assertThat(Gf.add(Gf.add(c, c), Gf.add(negOne, negOne)))
                .isEqualTo(Gf.add(Gf.add(c, negOne), Gf.add(c, negOne)));
    }

    @Test
    void inverseAndSquareRootRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            long a = Gf.of(rnd.nextLong());
            if (a == 0) {
                continue;
            }
            assertThat(Gf.mul(a, Gf.inverse(a))).isEqualTo(1);
            long sq = Gf.square(a);
            assertThat(Gf.isQuadraticResidue(sq)).isTrue();
            assertThat(Gf.square(Gf.sqrt(sq))).isEqualTo(sq);
        }
        assertThat(Gf.inverseOrZero(0)).isZero();
        assertThatThrownBy(() -> Gf.inverse(Gf.P)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void encodesLittleEndianCanonically() {
        byte[] out = new byte[8];
        Gf.toLittleEndian(Gf.P + 5, out, 0);
        assertThat(out).containsExactly(5, 0, 0, 0, 0, 0, 0, 0);
        Gf.toLittleEndian(0x0102030405060708L, out, 0);
        assertThat(out).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(Gf.readLittleEndian(out, 0)).isEqualTo(0x0102030405060708L);
        byte[] p = new byte[8];
        Gf.toLittleEndian(Gf.P - 1, p, 0);
        p[0]++;
        assertThatThrownBy(() -> Gf.fromCanonicalLittleEndian(p, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
