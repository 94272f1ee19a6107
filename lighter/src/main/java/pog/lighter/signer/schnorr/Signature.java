package pog.lighter.signer.schnorr;

import java.util.HexFormat;
import pog.lighter.signer.curve.Scalar;

/**
 * A Schnorr signature (s, e): 80 bytes on the wire, s then e, each 40 bytes little-endian.
 *
 * <p>Decoding is strict — both halves must be below the group order. (The reference reduces
 * out-of-range halves instead; a strict reader can only reject what it would accept as the
 * same signature, never accept something it would not.)
 */
public final class Signature {

    public static final int BYTES = 80;

    private final Scalar s;
    private final Scalar e;

    public Signature(Scalar s, Scalar e) {
        this.s = s;
        this.e = e;
    }

    public Scalar s() {
        return s;
    }

    public Scalar e() {
        return e;
    }

    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        System.arraycopy(s.toLittleEndianBytes(), 0, out, 0, Scalar.BYTES);
        System.arraycopy(e.toLittleEndianBytes(), 0, out, Scalar.BYTES, Scalar.BYTES);
        return out;
    }

    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    public static Signature fromBytes(byte[] b) {
        if (b.length != BYTES) {
            throw new IllegalArgumentException("a signature is 80 bytes, got " + b.length);
        }
        byte[] sb = new byte[Scalar.BYTES];
        byte[] eb = new byte[Scalar.BYTES];
        System.arraycopy(b, 0, sb, 0, Scalar.BYTES);
        System.arraycopy(b, Scalar.BYTES, eb, 0, Scalar.BYTES);
        return new Signature(Scalar.fromCanonicalLittleEndianBytes(sb), Scalar.fromCanonicalLittleEndianBytes(eb));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature && ((Signature) o).s.equals(s) && ((Signature) o).e.equals(e);
    }

    @Override
    public int hashCode() {
        return 31 * s.hashCode() + e.hashCode();
    }

    @Override
    public String toString() {
        return "Signature(" + toHex() + ")";
    }
}
