package pog.lighter.signer.curve;

import java.math.BigInteger;
import java.security.SecureRandom;
import pog.lighter.signer.field.GfP5;

/**
 * An integer modulo n, the prime order of the ECgFp5 group (n is a little under 2^319).
 *
 * <p>Immutable and always reduced. Encoded as 40 bytes, five 64-bit limbs little-endian. Scalar
 * arithmetic runs a handful of times per signature, so it goes through {@link BigInteger}; the
 * curve's cost is in the point multiplications, not here.
 */
public final class Scalar {

    public static final int BYTES = 40;
    /** The group order n. */
    public static final BigInteger ORDER = new BigInteger(
            "1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241");

    public static final Scalar ZERO = new Scalar(BigInteger.ZERO);
    public static final Scalar ONE = new Scalar(BigInteger.ONE);

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final BigInteger value;

    private Scalar(BigInteger reduced) {
        this.value = reduced;
    }

    /** Any integer, reduced mod n. */
    public static Scalar of(BigInteger v) {
        return new Scalar(v.mod(ORDER));
    }

    public static Scalar of(long v) {
        return of(BigInteger.valueOf(v));
    }

    /** Five unsigned limbs, least significant first, reduced mod n. */
    public static Scalar fromLimbs(long... limbs) {
        return of(limbsToInteger(limbs));
    }

    /**
     * 40 little-endian bytes reduced mod n — the reference's {@code ScalarElementFromLittleEndianBytes},
     * used for private keys.
     */
    public static Scalar fromLittleEndianBytesReduced(byte[] b) {
        return of(leToInteger(b));
    }

    /** 40 little-endian bytes that must already be below n; anything else is rejected. */
    public static Scalar fromCanonicalLittleEndianBytes(byte[] b) {
        BigInteger v = leToInteger(b);
        if (v.compareTo(ORDER) >= 0) {
            throw new IllegalArgumentException("scalar is not below the group order");
        }
        return new Scalar(v);
    }

    /** The GF(p^5) element's limbs read as a 320-bit integer, reduced mod n (the Schnorr challenge). */
    public static Scalar fromGfP5(GfP5 e) {
        return fromLimbs(e.limbs());
    }

    /** A uniform nonzero scalar. */
    public static Scalar random(SecureRandom rnd) {
        while (true) {
            BigInteger v = new BigInteger(ORDER.bitLength(), rnd);
            if (v.signum() > 0 && v.compareTo(ORDER) < 0) {
                return new Scalar(v);
            }
        }
    }

    private static BigInteger leToInteger(byte[] b) {
        if (b.length != BYTES) {
            throw new IllegalArgumentException("a scalar is 40 bytes, got " + b.length);
        }
        byte[] be = new byte[BYTES + 1];
        for (int i = 0; i < BYTES; i++) {
            be[BYTES - i] = b[i];
        }
        return new BigInteger(be);
    }

    private static BigInteger limbsToInteger(long[] limbs) {
        byte[] be = new byte[8 * limbs.length + 1];
        for (int i = 0; i < limbs.length; i++) {
            for (int j = 0; j < 8; j++) {
                be[be.length - 1 - (8 * i + j)] = (byte) (limbs[i] >>> (8 * j));
            }
        }
        return new BigInteger(be);
    }

    public BigInteger toBigInteger() {
        return value;
    }

    public long[] limbs() {
        long[] l = new long[5];
        BigInteger v = value;
        for (int i = 0; i < 5; i++) {
            l[i] = v.longValue();
            v = v.shiftRight(64);
        }
        return l;
    }

    public byte[] toLittleEndianBytes() {
        byte[] out = new byte[BYTES];
        long[] l = limbs();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                out[8 * i + j] = (byte) (l[i] >>> (8 * j));
            }
        }
        return out;
    }

    public Scalar add(Scalar b) {
        return of(value.add(b.value));
    }

    public Scalar sub(Scalar b) {
        return of(value.subtract(b.value));
    }

    public Scalar mul(Scalar b) {
        return of(value.multiply(b.value));
    }

    public Scalar neg() {
        return of(value.negate());
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    /**
     * Signed base-2^w digits d[i] in [-(2^(w-1)-1), 2^(w-1)] with sum d[i]*2^(w*i) equal to this
     * scalar — the reference's RecodeSigned. {@code digits * w >= 320} is needed for the full value.
     */
    public int[] recodeSigned(int digits, int w) {
        return recodeSigned(limbs(), digits, w);
    }

    /** Recodes raw limbs (not necessarily below n); the top digit absorbs any final carry only if space allows. */
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
        return o instanceof Scalar && ((Scalar) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Limbs as unsigned decimals: scalars here are nonces, challenges, signature halves — keys use PrivateKey. */
    @Override
    public String toString() {
        long[] l = limbs();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            sb.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(l[i]));
        }
        return sb.append(']').toString();
    }
}
