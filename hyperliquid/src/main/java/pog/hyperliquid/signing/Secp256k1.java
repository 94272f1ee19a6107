package pog.hyperliquid.signing;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.web3j.crypto.Keys;

import java.math.BigInteger;

/**
 * Deterministic (RFC 6979) secp256k1 signing with low-s and an Ethereum recovery id, the same signatures as
 * web3j's {@code Sign.signMessage} and eth_account. We sign with Bouncy Castle's primitives (the ones web3j uses)
 * instead of calling {@code Sign.signMessage}, because that finds the recovery id by trying public-key recoveries,
 * which costs several point multiplications per signature; the recovery id falls out of the nonce point for free.
 */
final class Secp256k1 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final ECPoint G = CURVE.getG();
    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    private Secp256k1() {
    }

    /** Signs a 32-byte digest (already hashed) with private scalar {@code d}. */
    static Signature sign(byte[] digest, BigInteger d) {
        BigInteger e = new BigInteger(1, digest);
        HMacDSAKCalculator kCalculator = new HMacDSAKCalculator(new SHA256Digest());
        kCalculator.init(N, d, digest);
        while (true) {
            BigInteger k = kCalculator.nextK();
            ECPoint p = MULTIPLIER.multiply(G, k).normalize();
            BigInteger x = p.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(N);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s = BigIntegers.modOddInverse(N, k).multiply(e.add(d.multiply(r))).mod(N);
            if (s.signum() == 0) {
                continue;
            }
            // x >= n happens with probability ~2^-128; Ethereum's v cannot express it, so draw another k.
            if (!x.equals(r)) {
                continue;
            }
            int recId = p.getAffineYCoord().testBitZero() ? 1 : 0;
            if (s.compareTo(HALF_N) > 0) {
                s = N.subtract(s);
                recId ^= 1;
            }
            return new Signature(r, s, 27 + recId);
        }
    }

    /** The public key (64 bytes as an unsigned integer, web3j's form) of private scalar {@code d}. */
    static BigInteger publicKey(BigInteger d) {
        byte[] encoded = MULTIPLIER.multiply(G, d).normalize().getEncoded(false);
        return new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, encoded.length));
    }

    static Address address(BigInteger publicKey) {
        return Address.of(Keys.getAddress(publicKey));
    }

    /**
     * The address whose key made {@code signature} over {@code digest}, or null if none can have.
     *
     * <p>Computed as web3j's {@code Sign.recoverFromSignature} does (Q = r^-1 (sR - eG)), minus its check that R has
     * order n: on secp256k1 (cofactor 1) every curve point has, and that check is a full point multiplication,
     * about a third of the cost. The simulator recovers the signer of every request, so it matters there.
     */
    static Address recover(byte[] digest, Signature signature) {
        BigInteger r = signature.r();
        if (r.compareTo(CURVE.getCurve().getField().getCharacteristic()) >= 0) {
            return null; // x = r must be a field element (v 27/28 never means x = r + n)
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (signature.recId() == 1 ? 0x03 : 0x02);
        byte[] x = BigIntegers.asUnsignedByteArray(32, r);
        System.arraycopy(x, 0, compressed, 1, 32);
        ECPoint rPoint;
        try {
            rPoint = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            // r is not the x of any curve point: no key made this signature.
            return null;
        }
        BigInteger e = new BigInteger(1, digest);
        BigInteger rInv = BigIntegers.modOddInverse(N, r);
        BigInteger u1 = N.subtract(e.mod(N)).multiply(rInv).mod(N);
        BigInteger u2 = signature.s().multiply(rInv).mod(N);
        ECPoint q = org.bouncycastle.math.ec.ECAlgorithms.sumOfTwoMultiplies(G, u1, rPoint, u2).normalize();
        if (q.isInfinity()) {
            return null;
        }
        byte[] encoded = q.getEncoded(false);
        return address(new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, encoded.length)));
    }
}
