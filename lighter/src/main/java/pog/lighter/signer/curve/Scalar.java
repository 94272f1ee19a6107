package pog.lighter.signer.curve;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import pog.lighter.signer.field.GfP5;

/**
 * An integer modulo n, the prime order of the ECgFp5 group (n is a little under 2^319).
 *
 * <p>Immutable and always reduced; five 64-bit limbs, least significant first, encoded as 40 bytes
 * little-endian. Private keys and nonces are scalars, so the arithmetic (Montgomery multiplication,
 * masked carries and conditional subtractions, as in the reference) takes the same path whatever
 * the values; {@link BigInteger} appears only in conversions of public values.
 */
public final class Scalar {

    public static final int BYTES = 40;
    /** The group order n. */
    public static final BigInteger ORDER = new BigInteger(
            "1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241");

    private static final long[] N = {0xE80FD996948BFFE1L, 0xE8885C39D724A09CL, 0x7FFFFFE6CFB80639L, 0x7FFFFFF100000016L,
        0x7FFFFFFD80000007L};
    /** -1/n mod 2^64. */
    private static final long N0I = 0xD78BEF72057B7BDFL;
    /** 2^640 mod n: multiplying by it in Montgomery form converts into Montgomery form. */
    private static final long[] R2 = {0xA01001DCE33DC739L, 0x6C3228D33F62ACCFL, 0xD1D796CC91CF8525L, 0xAADFFF5D1574C1D8L,
        0x4ACA13B28CA251F5L};

    public static final Scalar ZERO = new Scalar(new long[5]);
    public static final Scalar ONE = new Scalar(new long[] {1, 0, 0, 0, 0});

    private final long[] limbs;

    private Scalar(long[] reducedLimbs) {
        this.limbs = reducedLimbs;
    }

    /** Any integer, reduced mod n (for public values: BigInteger is not constant-time). */
    public static Scalar of(BigInteger v) {
        BigInteger r = v.mod(ORDER);
        long[] l = new long[5];
        for (int i = 0; i < 5; i++) {
            l[i] = r.longValue();
            r = r.shiftRight(64);
        }
        return new Scalar(l);
    }

    public static Scalar of(long v) {
        return of(BigInteger.valueOf(v));
    }

    /** Up to five unsigned limbs, least significant first, reduced mod n. */
    public static Scalar fromLimbs(long... limbs) {
        if (limbs.length > 5) {
            throw new IllegalArgumentException("a scalar has at most 5 limbs, got " + limbs.length);
        }
        return new Scalar(reduce320(Arrays.copyOf(limbs, 5)));
    }

    /**
     * 40 little-endian bytes reduced mod n — the reference's {@code ScalarElementFromLittleEndianBytes},
     * used for private keys.
     */
    public static Scalar fromLittleEndianBytesReduced(byte[] b) {
        return new Scalar(reduce320(leLimbs(b)));
    }

    /** 40 little-endian bytes that must already be below n; anything else is rejected. */
    public static Scalar fromCanonicalLittleEndianBytes(byte[] b) {
        long[] l = leLimbs(b);
        if (subBorrow(new long[5], l, N) == 0) {
            throw new IllegalArgumentException("scalar is not below the group order");
        }
        return new Scalar(l);
    }

    /** The GF(p^5) element's limbs read as a 320-bit integer, reduced mod n (the Schnorr challenge). */
    public static Scalar fromGfP5(GfP5 e) {
        return fromLimbs(e.a0, e.a1, e.a2, e.a3, e.a4);
    }

    /** A uniform nonzero scalar: 319 random bits, redrawn when not in [1, n). */
    public static Scalar random(SecureRandom rnd) {
        byte[] b = new byte[BYTES];
        while (true) {
            rnd.nextBytes(b);
            b[BYTES - 1] &= 0x7F;
            long[] l = leLimbs(b);
            Arrays.fill(b, (byte) 0);
            boolean belowN = subBorrow(new long[5], l, N) != 0;
            boolean zero = (l[0] | l[1] | l[2] | l[3] | l[4]) == 0;
            if (belowN && !zero) {
                return new Scalar(l);
            }
        }
    }

    private static long[] leLimbs(byte[] b) {
        if (b.length != BYTES) {
            throw new IllegalArgumentException("a scalar is 40 bytes, got " + b.length);
        }
        long[] l = new long[5];
        for (int i = 0; i < 5; i++) {
            long v = 0;
            for (int j = 7; j >= 0; j--) {
                v = (v << 8) | (b[8 * i + j] & 0xFFL);
            }
            l[i] = v;
        }
        return l;
    }

    /** r = a - b over five limbs; returns 1 when it borrowed (a < b), else 0. Branch-free. */
    private static long subBorrow(long[] r, long[] a, long[] b) {
        long borrow = 0;
        for (int i = 0; i < 5; i++) {
            long x = a[i];
            long y = b[i];
            long d = x - y - borrow;
            borrow = ((~x & y) | ((~x | y) & d)) >>> 63;
            r[i] = d;
        }
        return borrow;
    }

    /** r = a + b over five limbs; returns the carry out. Branch-free. */
    private static long addCarry(long[] r, long[] a, long[] b) {
        long carry = 0;
        for (int i = 0; i < 5; i++) {
            long x = a[i];
            long y = b[i];
            long s = x + y + carry;
            carry = ((x & y) | ((x | y) & ~s)) >>> 63;
            r[i] = s;
        }
        return carry;
    }

    /** mask == -1 ? b : a, limb by limb. */
    private static long[] select(long mask, long[] a, long[] b) {
        long[] r = new long[5];
        for (int i = 0; i < 5; i++) {
            r[i] = a[i] ^ (mask & (a[i] ^ b[i]));
        }
        return r;
    }

    /** Reduces any 320-bit value: it is below 3n, so two masked subtractions of n suffice. */
    private static long[] reduce320(long[] v) {
        for (int k = 0; k < 2; k++) {
            long[] d = new long[5];
            long borrow = subBorrow(d, v, N);
            v = select(-borrow, d, v);
        }
        return v;
    }

    private static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** a * b / 2^320 mod n, for a < n and any 320-bit b (the reference's MontyMul). */
    static long[] montyMul(long[] a, long[] b) {
        long[] r = new long[5];
        for (int i = 0; i < 5; i++) {
            long m = b[i];
            long f = (a[0] * m + r[0]) * N0I;
            long cc1 = 0;
            long cc2 = 0;
            for (int j = 0; j < 5; j++) {
                // z = a[j]*m + r[j] + cc1, then z' = f*n[j] + lo(z) + cc2; neither exceeds 128 bits.
                long lo = a[j] * m;
                long hi = mulHigh(a[j], m);
                long s = lo + r[j];
                hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0;
                long s2 = s + cc1;
                hi += Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
                cc1 = hi;
                long lo2 = f * N[j];
                long hi2 = mulHigh(f, N[j]);
                long t = lo2 + s2;
                hi2 += Long.compareUnsigned(t, lo2) < 0 ? 1 : 0;
                long t2 = t + cc2;
                hi2 += Long.compareUnsigned(t2, t) < 0 ? 1 : 0;
                cc2 = hi2;
                if (j > 0) {
                    r[j - 1] = t2;
                }
            }
            r[4] = cc1 + cc2;
        }
        // The result is below 2n here; one masked subtraction finishes the reduction.
        long[] d = new long[5];
        long borrow = subBorrow(d, r, N);
        return select(-borrow, d, r);
    }

    public BigInteger toBigInteger() {
        byte[] be = new byte[BYTES + 1];
        byte[] le = toLittleEndianBytes();
        for (int i = 0; i < BYTES; i++) {
            be[BYTES - i] = le[i];
        }
        return new BigInteger(be);
    }

    public long[] limbs() {
        return limbs.clone();
    }

    public byte[] toLittleEndianBytes() {
        byte[] out = new byte[BYTES];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                out[8 * i + j] = (byte) (limbs[i] >>> (8 * j));
            }
        }
        return out;
    }

    public Scalar add(Scalar b) {
        // Both below n < 2^319, so the sum fits in 320 bits and one masked subtraction reduces it.
        long[] s = new long[5];
        addCarry(s, limbs, b.limbs);
        long[] d = new long[5];
        long borrow = subBorrow(d, s, N);
        return new Scalar(select(-borrow, d, s));
    }

    public Scalar sub(Scalar b) {
        long[] d = new long[5];
        long borrow = subBorrow(d, limbs, b.limbs);
        long[] back = new long[5];
        addCarry(back, d, N);
        return new Scalar(select(-borrow, d, back));
    }

    public Scalar mul(Scalar b) {
        return new Scalar(montyMul(montyMul(limbs, R2), b.limbs));
    }

    public Scalar neg() {
        return ZERO.sub(this);
    }

    public boolean isZero() {
        return (limbs[0] | limbs[1] | limbs[2] | limbs[3] | limbs[4]) == 0;
    }

    /**
     * Signed base-2^w digits d[i] in [-(2^(w-1)-1), 2^(w-1)] with sum d[i]*2^(w*i) equal to this
     * scalar — the reference's RecodeSigned. {@code digits * w >= 320} is needed for the full value.
     */
    public int[] recodeSigned(int digits, int w) {
        return recodeSigned(limbs, digits, w);
    }

    /** Recodes raw limbs (not necessarily below n). The work does not depend on the limbs' values. */
    static int[] recodeSigned(long[] limbs, int digits, int w) {
        if (w < 2 || w > 10) {
            throw new IllegalArgumentException("window width must be 2..10, got " + w);
        }
        int[] ss = new int[digits];
        long acc = 0;
        int accLen = 0;
        int j = 0;
        int mw = (1 << w) - 1;
        int hw = 1 << (w - 1);
        int cc = 0;
        for (int i = 0; i < digits; i++) {
            int bb;
            if (accLen < w) {
                if (j < limbs.length) {
                    long nl = limbs[j++];
                    bb = (int) (acc | (nl << accLen)) & mw;
                    acc = nl >>> (w - accLen);
                } else {
                    bb = (int) acc & mw;
                    acc = 0;
                }
                accLen += 64 - w;
            } else {
                bb = (int) acc & mw;
                accLen -= w;
                acc >>>= w;
            }
            bb += cc;
            // cc = 1 when bb > 2^(w-1): take 2^w off this digit and carry one into the next.
            cc = (hw - bb) >>> 31;
            ss[i] = bb - (cc << w);
        }
        return ss;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scalar && Arrays.equals(((Scalar) o).limbs, limbs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(limbs);
    }

    /** Limbs as unsigned decimals: scalars here are nonces, challenges, signature halves — keys use PrivateKey. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            sb.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(limbs[i]));
        }
        return sb.append(']').toString();
    }
}
