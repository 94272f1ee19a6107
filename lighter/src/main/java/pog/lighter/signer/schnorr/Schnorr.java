package pog.lighter.signer.schnorr;

import java.security.SecureRandom;
import pog.lighter.signer.curve.Point;
import pog.lighter.signer.curve.Scalar;
import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.hash.Poseidon2;

/**
 * Schnorr signatures over ECgFp5 as Lighter's reference defines them, on pre-hashed messages
 * (a GF(p^5) element):
 * <pre>
 *   r = encode(k*G),  e = Poseidon2(r || m) read as a scalar,  s = k - e*sk
 *   valid iff Poseidon2(encode(s*G + e*pk) || m) == e
 * </pre>
 * The public key is encode(sk*G).
 */
public final class Schnorr {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Schnorr() {
    }

    /** Signs with a fresh random nonce. */
    public static Signature sign(GfP5 message, PrivateKey key) {
        return signWithNonce(message, key.scalar(), Scalar.random(RANDOM));
    }

    /**
     * Signs with the given nonce k — deterministic, for test vectors. Reusing a nonce across two
     * messages reveals the key; production code uses {@link #sign}.
     */
    public static Signature signWithNonce(GfP5 message, Scalar sk, Scalar k) {
        GfP5 r = Point.mulGenerator(k).encode();
        Scalar e = challenge(r, message);
        return new Signature(k.sub(e.mul(sk)), e);
    }

    /** {@link #signWithNonce(GfP5, Scalar, Scalar)} with a held key: deterministic, for test vectors only. */
    public static Signature signWithNonce(GfP5 message, PrivateKey key, Scalar k) {
        return signWithNonce(message, key.scalar(), k);
    }

    public static GfP5 publicKey(Scalar sk) {
        return Point.mulGenerator(sk).encode();
    }

    public static boolean verify(GfP5 publicKey, GfP5 message, Signature sig) {
        Point pk = Point.decode(publicKey);
        if (pk == null) {
            return false;
        }
        GfP5 rv = Point.mulGenerator(sig.s()).add(pk.mul(sig.e())).encode();
        return challenge(rv, message).equals(sig.e());
    }

    /** Byte-level verification (40-byte key, 40-byte message hash, 80-byte signature); malformed input is invalid. */
    public static boolean verify(byte[] publicKey, byte[] messageHash, byte[] signature) {
        try {
            return verify(GfP5.fromCanonicalLittleEndianBytes(publicKey), GfP5.fromCanonicalLittleEndianBytes(messageHash),
                    Signature.fromBytes(signature));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /**
     * Verifies signatures of one public key fast: the key is decoded once and its multiples precomputed, so a
     * verification is s*G + e*pk as 128 affine additions from two tables (variable time: everything is public).
     * About 80 KB each; a venue keeps one per registered key. Thread-safe (immutable).
     */
    public static final class Verifier {
        private final Point.Table table;

        private Verifier(Point.Table table) {
            this.table = table;
        }

        /** A verifier for the 40-byte public key; one that does not decode verifies nothing. */
        public static Verifier of(byte[] publicKey) {
            try {
                Point pk = Point.decode(GfP5.fromCanonicalLittleEndianBytes(publicKey));
                return new Verifier(pk == null ? null : pk.precompute());
            } catch (IllegalArgumentException malformed) {
                return new Verifier(null);
            }
        }

        public boolean verify(GfP5 message, Signature sig) {
            if (table == null) {
                return false;
            }
            GfP5 rv = Point.mulAddPublic(Point.generatorTable(), sig.s(), table, sig.e()).encode();
            return challenge(rv, message).equals(sig.e());
        }

        /** Byte-level: 40-byte message hash, 80-byte signature; malformed input is invalid. */
        public boolean verify(byte[] messageHash, byte[] signature) {
            try {
                return verify(GfP5.fromCanonicalLittleEndianBytes(messageHash), Signature.fromBytes(signature));
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
    }

    private static Scalar challenge(GfP5 r, GfP5 message) {
        return Scalar.fromGfP5(Poseidon2.hashToQuinticExtension(
                r.a0, r.a1, r.a2, r.a3, r.a4, message.a0, message.a1, message.a2, message.a3, message.a4));
    }
}
