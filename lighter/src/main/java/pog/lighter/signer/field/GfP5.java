package pog.lighter.signer.field;

import java.util.Arrays;

/**
 * An element of GF(p^5) = GF(p)[X]/(X^5 - 3), p the Goldilocks prime: a0 + a1 X + ... + a4 X^4.
 *
 * <p>Immutable; limbs are canonical. The 40-byte encoding is the five limbs, each 8 bytes
 * little-endian, a0 first — the reference's {@code ToLittleEndianBytes}.
 */
public final class GfP5 {

    public static final int BYTES = 5 * Gf.BYTES;
    /** X^5 = W. */
    static final long W = 3;
    /** W^((p-1)/5): X^p = DTH_ROOT * X. */
    static final long DTH_ROOT = 1041288259238279555L;

    public static final GfP5 ZERO = new GfP5(0, 0, 0, 0, 0);
    public static final GfP5 ONE = new GfP5(1, 0, 0, 0, 0);
    public static final GfP5 TWO = new GfP5(2, 0, 0, 0, 0);

    /** FROBENIUS[k][i] = DTH_ROOT^(k*i): the i-th limb's factor for the k-th power of Frobenius. */
    private static final long[][] FROBENIUS = new long[5][5];

    static {
        for (int k = 0; k < 5; k++) {
            long z = Gf.pow(DTH_ROOT, k);
            long acc = 1;
            for (int i = 0; i < 5; i++) {
                FROBENIUS[k][i] = acc;
                acc = Gf.mul(acc, z);
            }
        }
    }

    public final long a0;
    public final long a1;
    public final long a2;
    public final long a3;
    public final long a4;

    /** Limbs are reduced mod p, so any unsigned 64-bit values are accepted. */
    public GfP5(long a0, long a1, long a2, long a3, long a4) {
        this.a0 = Gf.of(a0);
        this.a1 = Gf.of(a1);
        this.a2 = Gf.of(a2);
        this.a3 = Gf.of(a3);
        this.a4 = Gf.of(a4);
    }

    public static GfP5 of(long... limbs) {
        if (limbs.length != 5) {
            throw new IllegalArgumentException("a GF(p^5) element has 5 limbs, got " + limbs.length);
        }
        return new GfP5(limbs[0], limbs[1], limbs[2], limbs[3], limbs[4]);
    }

    public static GfP5 fromBase(long a) {
        return new GfP5(a, 0, 0, 0, 0);
    }

    public long[] limbs() {
        return new long[] {a0, a1, a2, a3, a4};
    }

    public long limb(int i) {
        switch (i) {
            case 0: return a0;
            case 1: return a1;
            case 2: return a2;
            case 3: return a3;
            case 4: return a4;
            default: throw new IndexOutOfBoundsException(i);
        }
    }

    public boolean isZero() {
        return (a0 | a1 | a2 | a3 | a4) == 0;
    }

    public GfP5 add(GfP5 b) {
        return new GfP5(Gf.addCanonical(a0, b.a0), Gf.addCanonical(a1, b.a1), Gf.addCanonical(a2, b.a2),
                Gf.addCanonical(a3, b.a3), Gf.addCanonical(a4, b.a4));
    }

    public GfP5 sub(GfP5 b) {
        return new GfP5(Gf.subCanonical(a0, b.a0), Gf.subCanonical(a1, b.a1), Gf.subCanonical(a2, b.a2),
                Gf.subCanonical(a3, b.a3), Gf.subCanonical(a4, b.a4));
    }

    public GfP5 neg() {
        return new GfP5(Gf.neg(a0), Gf.neg(a1), Gf.neg(a2), Gf.neg(a3), Gf.neg(a4));
    }

    public GfP5 dbl() {
        return add(this);
    }

    public GfP5 scale(long s) {
        return new GfP5(Gf.mul(a0, s), Gf.mul(a1, s), Gf.mul(a2, s), Gf.mul(a3, s), Gf.mul(a4, s));
    }

    public GfP5 mul(GfP5 b) {
        // Schoolbook product; terms of degree >= 5 wrap around multiplied by W = 3, which is folded
        // into b's limbs first so that each coefficient is one dot product reduced once.
        long b1w = Gf.mul(b.a1, W);
        long b2w = Gf.mul(b.a2, W);
        long b3w = Gf.mul(b.a3, W);
        long b4w = Gf.mul(b.a4, W);
        return new GfP5(
                Gf.dot5(a0, b.a0, a1, b4w, a2, b3w, a3, b2w, a4, b1w),
                Gf.dot5(a0, b.a1, a1, b.a0, a2, b4w, a3, b3w, a4, b2w),
                Gf.dot5(a0, b.a2, a1, b.a1, a2, b.a0, a3, b4w, a4, b3w),
                Gf.dot5(a0, b.a3, a1, b.a2, a2, b.a1, a3, b.a0, a4, b4w),
                Gf.dot5(a0, b.a4, a1, b.a3, a2, b.a2, a3, b.a1, a4, b.a0));
    }

    public GfP5 square() {
        long a1d = Gf.dbl(a1);
        long a2d = Gf.dbl(a2);
        long a3d = Gf.dbl(a3);
        long a4d = Gf.dbl(a4);
        long a3w = Gf.mul(a3, W);
        long a4w = Gf.mul(a4, W);
        long a3w2 = Gf.dbl(a3w);
        long a4w2 = Gf.dbl(a4w);
        return new GfP5(
                Gf.dot3(a0, a0, a1, a4w2, a2, a3w2),
                Gf.dot3(a0, a1d, a2, a4w2, a3, a3w),
                Gf.dot3(a0, a2d, a1, a1, a4, a3w2),
                Gf.dot3(a0, a3d, a1, a2d, a4, a4w),
                Gf.dot3(a0, a4d, a1, a3d, a2, a2));
    }

    /** this * (k X), k a base-field constant: 5 multiplications instead of 25 (the curve's b is 263 X). */
    public GfP5 mulByKX(long k) {
        return new GfP5(Gf.mul(a4, Gf.mul(k, W)), Gf.mul(a0, k), Gf.mul(a1, k), Gf.mul(a2, k), Gf.mul(a3, k));
    }

    /** this^(2^n). */
    public GfP5 expPowerOf2(int n) {
        GfP5 r = this;
        for (int i = 0; i < n; i++) {
            r = r.square();
        }
        return r;
    }

    public GfP5 frobenius() {
        return repeatedFrobenius(1);
    }

    /** this^(p^count). */
    public GfP5 repeatedFrobenius(int count) {
        int k = Math.floorMod(count, 5);
        if (k == 0) {
            return this;
        }
        long[] f = FROBENIUS[k];
        return new GfP5(a0, Gf.mul(a1, f[1]), Gf.mul(a2, f[2]), Gf.mul(a3, f[3]), Gf.mul(a4, f[4]));
    }

    /** a0*b0 + W*(a1*b4 + a2*b3 + a3*b2 + a4*b1): the constant limb of this*b. */
    private long constantLimbOfProduct(GfP5 b) {
        return Gf.add(Gf.mul(a0, b.a0),
                Gf.mul(W, Gf.add(Gf.add(Gf.mul(a1, b.a4), Gf.mul(a2, b.a3)), Gf.add(Gf.mul(a3, b.a2), Gf.mul(a4, b.a1)))));
    }

    /** The inverse (via the norm, which lies in the base field), or zero for zero. */
    public GfP5 inverseOrZero() {
        if (isZero()) {
            return ZERO;
        }
        // f = a^(p + p^2 + p^3 + p^4); a * f = N(a) is in GF(p).
        GfP5 d = frobenius();
        GfP5 e = d.mul(d.frobenius());
        GfP5 f = e.mul(e.repeatedFrobenius(2));
        long norm = constantLimbOfProduct(f);
        return f.scale(Gf.inverse(norm));
    }

    /** this / b; throws when b is zero. */
    public GfP5 div(GfP5 b) {
        if (b.isZero()) {
            throw new ArithmeticException("division by zero");
        }
        return mul(b.inverseOrZero());
    }

    /** 1 for a nonzero square, p - 1 for a non-square, 0 for zero (as a base-field element). */
    public long legendre() {
        GfP5 frob1 = frobenius();
        GfP5 frob2 = frob1.frobenius();
        GfP5 frob1TimesFrob2 = frob1.mul(frob2);
        GfP5 frob2Frob1TimesFrob2 = frob1TimesFrob2.repeatedFrobenius(2);
        long xr = mul(frob1TimesFrob2).mul(frob2Frob1TimesFrob2).a0;
        long xr31 = Gf.expPowerOf2(xr, 31);
        long xr63 = Gf.expPowerOf2(xr31, 32);
        return Gf.mul(xr63, Gf.inverseOrZero(xr31));
    }

    /** A square root as the reference computes it, or {@code null} when there is none. */
    public GfP5 sqrt() {
        GfP5 v = expPowerOf2(31);
        GfP5 d = mul(v.expPowerOf2(32)).mul(v.inverseOrZero());
        GfP5 e = d.mul(d.repeatedFrobenius(2)).frobenius();
        GfP5 f = e.square();
        long g = constantLimbOfProduct(f);
        if (!Gf.isQuadraticResidue(g)) {
            return null;
        }
        long s = Gf.sqrt(g);
        return fromBase(s).mul(e.inverseOrZero());
    }

    /**
     * The reference's sign bit: true when the constant limb is even. (The reference folds over
     * all limbs, but limb 0 decides it whether it is zero or not.)
     */
    public boolean sgn0() {
        return (a0 & 1) == 0;
    }

    /** The square root with {@code sgn0() == false}, or {@code null} when there is none. */
    public GfP5 canonicalSqrt() {
        GfP5 r = sqrt();
        if (r == null) {
            return null;
        }
        return r.sgn0() ? r.neg() : r;
    }

    public byte[] toLittleEndianBytes() {
        byte[] out = new byte[BYTES];
        writeTo(out, 0);
        return out;
    }

    public void writeTo(byte[] out, int offset) {
        Gf.toLittleEndian(a0, out, offset);
        Gf.toLittleEndian(a1, out, offset + 8);
        Gf.toLittleEndian(a2, out, offset + 16);
        Gf.toLittleEndian(a3, out, offset + 24);
        Gf.toLittleEndian(a4, out, offset + 32);
    }

    /** Decodes 40 bytes; every limb must be canonical (below p). */
    public static GfP5 fromCanonicalLittleEndianBytes(byte[] in) {
        if (in.length != BYTES) {
            throw new IllegalArgumentException("a GF(p^5) element is 40 bytes, got " + in.length);
        }
        return new GfP5(Gf.fromCanonicalLittleEndian(in, 0), Gf.fromCanonicalLittleEndian(in, 8),
                Gf.fromCanonicalLittleEndian(in, 16), Gf.fromCanonicalLittleEndian(in, 24),
                Gf.fromCanonicalLittleEndian(in, 32));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GfP5)) {
            return false;
        }
        GfP5 b = (GfP5) o;
        return a0 == b.a0 && a1 == b.a1 && a2 == b.a2 && a3 == b.a3 && a4 == b.a4;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(limbs());
    }

    @Override
    public String toString() {
        return "[" + Gf.toUnsignedString(a0) + ", " + Gf.toUnsignedString(a1) + ", " + Gf.toUnsignedString(a2)
                + ", " + Gf.toUnsignedString(a3) + ", " + Gf.toUnsignedString(a4) + "]";
    }
}
