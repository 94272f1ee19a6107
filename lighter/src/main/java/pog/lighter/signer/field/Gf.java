package pog.lighter.signer.field;

/**
 * The Goldilocks prime field, p = 2^64 - 2^32 + 1, on primitive {@code long}s.
 *
 * <p>Elements are held as unsigned 64-bit values. Every operation accepts any 64-bit pattern
 * (read as an unsigned integer, reduced mod p) and returns the canonical representative in
 * [0, p). Nothing here allocates, so the hash and curve code can use it on the hot path.
 */
public final class Gf {

    /** The field order p = 2^64 - 2^32 + 1, as a signed long (its bit pattern is what matters). */
    public static final long P = 0xFFFF_FFFF_0000_0001L;
    /** 2^64 mod p = 2^32 - 1; reduction folds the high word with it. */
    static final long EPSILON = 0xFFFF_FFFFL;
    /** Number of bytes in the canonical encoding. */
    public static final int BYTES = 8;

    private static final int TWO_ADICITY = 32;
    /** A generator of the 2^32-order subgroup, as in Plonky2. */
    private static final long POWER_OF_TWO_GENERATOR = 7277203076849721926L;

    private Gf() {
    }

    /** The canonical representative of an unsigned 64-bit value. */
    public static long of(long x) {
        return Long.compareUnsigned(x, P) >= 0 ? x - P : x;
    }

    public static boolean isCanonical(long x) {
        return Long.compareUnsigned(x, P) < 0;
    }

    public static long add(long a, long b) {
        return addCanonical(of(a), of(b));
    }

    /**
     * {@link #add} for inputs already below p (every value this package hands out). Branch-free:
     * the carry is data-dependent and would be mispredicted half the time.
     */
    public static long addCanonical(long a, long b) {
        long s = a + b;
        long carry = ((a & b) | ((a | b) & ~s)) >>> 63;
        // Wrapped past 2^64: a + b - 2^64 + (2^32 - 1) = a + b - p, which is below p.
        s += -carry & EPSILON;
        return of(s);
    }

    /** {@link #sub} for inputs already below p; branch-free. */
    public static long subCanonical(long a, long b) {
        long d = a - b;
        long borrow = ((~a & b) | ((~a | b) & d)) >>> 63;
        // Borrowed 2^64; giving back 2^32 - 1 leaves a - b + p.
        return d - (-borrow & EPSILON);
    }

    public static long sub(long a, long b) {
        return subCanonical(of(a), of(b));
    }

    public static long neg(long a) {
        a = of(a);
        return a == 0 ? 0 : P - a;
    }

    public static long dbl(long a) {
        return add(a, a);
    }

    public static long mul(long a, long b) {
        return reduce128(unsignedMultiplyHigh(a, b), a * b);
    }

    /** a * b + c, reduced once (the 128-bit sum cannot overflow). */
    public static long mulAdd(long a, long b, long c) {
        long lo = a * b;
        long hi = unsignedMultiplyHigh(a, b);
        long sum = lo + c;
        return reduce128(hi + carry(sum, lo), sum);
    }

    /** The high word of the unsigned 128-bit product (Java 17 has only the signed one). */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * The dot product x0*y0 + ... + x4*y4 of canonical values, accumulated in 192 bits and reduced
     * once: the GF(p^5) product's inner loop.
     */
    static long dot5(long x0, long y0, long x1, long y1, long x2, long y2, long x3, long y3, long x4, long y4) {
        long lo = x0 * y0;
        long mid = unsignedMultiplyHigh(x0, y0);
        long top = 0;
        long pl;
        long ph;
        // Each product's high word is below 2^64 - 2^33, so adding the low word's carry cannot wrap it.
        pl = x1 * y1;
        ph = unsignedMultiplyHigh(x1, y1);
        lo += pl;
        ph += carry(lo, pl);
        mid += ph;
        top += carry(mid, ph);
        pl = x2 * y2;
        ph = unsignedMultiplyHigh(x2, y2);
        lo += pl;
        ph += carry(lo, pl);
        mid += ph;
        top += carry(mid, ph);
        pl = x3 * y3;
        ph = unsignedMultiplyHigh(x3, y3);
        lo += pl;
        ph += carry(lo, pl);
        mid += ph;
        top += carry(mid, ph);
        pl = x4 * y4;
        ph = unsignedMultiplyHigh(x4, y4);
        lo += pl;
        ph += carry(lo, pl);
        mid += ph;
        top += carry(mid, ph);
        return reduce192(top, mid, lo);
    }

    /** 1 when sum = x + y wrapped around 2^64, else 0 (sum already computed). */
    private static long carry(long sum, long y) {
        return Long.compareUnsigned(sum, y) < 0 ? 1 : 0;
    }

    /** x0*y0 + x1*y1 + x2*y2 of canonical values, reduced once. */
    static long dot3(long x0, long y0, long x1, long y1, long x2, long y2) {
        return dot5(x0, y0, x1, y1, x2, y2, 0, 0, 0, 0);
    }

    /** Reduces top*2^128 + mid*2^64 + lo for a small top word, using 2^128 = -2^32 (mod p). */
    static long reduce192(long top, long mid, long lo) {
        return sub(reduce128(mid, lo), top << 32);
    }

    public static long square(long a) {
        return mul(a, a);
    }

    /**
     * Reduces the unsigned 128-bit value hi*2^64 + lo. Uses 2^64 = 2^32 - 1 and 2^96 = -1 (mod p).
     */
    public static long reduce128(long hi, long lo) {
        long hiHi = hi >>> 32;
        long hiLo = hi & EPSILON;
        long t0 = lo - hiHi;
        long borrow = ((~lo & hiHi) | ((~lo | hiHi) & t0)) >>> 63;
        t0 -= -borrow & EPSILON;
        long t1 = hiLo * EPSILON;
        long s = t0 + t1;
        long carry = ((t0 & t1) | ((t0 | t1) & ~s)) >>> 63;
        s += -carry & EPSILON;
        return of(s);
    }

    /** Returns a^e for an unsigned exponent e. */
    public static long pow(long a, long e) {
        long result = 1;
        long base = of(a);
        while (e != 0) {
            if ((e & 1) != 0) {
                result = mul(result, base);
            }
            base = square(base);
            e >>>= 1;
        }
        return result;
    }

    /** a^(2^n). */
    public static long expPowerOf2(long a, int n) {
        long z = of(a);
        for (int i = 0; i < n; i++) {
            z = square(z);
        }
        return z;
    }

    /** The multiplicative inverse, or 0 for 0. */
    public static long inverseOrZero(long a) {
        return pow(a, P - 2);
    }

    /** The multiplicative inverse; throws for 0. */
    public static long inverse(long a) {
        if (of(a) == 0) {
            throw new ArithmeticException("inverse of zero");
        }
        return inverseOrZero(a);
    }

    /** True when a is 0 or a square. */
    public static boolean isQuadraticResidue(long a) {
        a = of(a);
        if (a == 0) {
            return true;
        }
        return pow(a, (P - 1) >>> 1) == 1;
    }

    /**
     * A square root by Tonelli-Shanks; the same root the reference returns.
     *
     * @throws ArithmeticException when a is not a square
     */
    public static long sqrt(long a) {
        a = of(a);
        if (a == 0) {
            return 0;
        }
        if (!isQuadraticResidue(a)) {
            throw new ArithmeticException("not a square");
        }
        long t = (P - 1) >>> TWO_ADICITY;
        long z = POWER_OF_TWO_GENERATOR;
        long w = pow(a, (t - 1) >>> 1);
        long x = mul(a, w);
        long b = mul(x, w);
        int v = TWO_ADICITY;
        while (b != 1) {
            int k = 0;
            long b2k = b;
            while (b2k != 1) {
                b2k = square(b2k);
                k++;
            }
            int j = v - k - 1;
            w = z;
            for (int n = 0; n < j; n++) {
                w = square(w);
            }
            z = square(w);
            b = mul(b, z);
            x = mul(x, w);
            v = k;
        }
        return x;
    }

    /** Writes the canonical little-endian encoding of a into out[offset..offset+8). */
    public static void toLittleEndian(long a, byte[] out, int offset) {
        long v = of(a);
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Reads 8 little-endian bytes as an unsigned value (not reduced). */
    public static long readLittleEndian(byte[] in, int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (in[offset + i] & 0xFFL);
        }
        return v;
    }

    /** Reads 8 little-endian bytes; rejects values that are not below p. */
    public static long fromCanonicalLittleEndian(byte[] in, int offset) {
        long v = readLittleEndian(in, offset);
        if (!isCanonical(v)) {
            throw new IllegalArgumentException("not a canonical field element");
        }
        return v;
    }

    public static String toUnsignedString(long a) {
        return Long.toUnsignedString(of(a));
    }
}
