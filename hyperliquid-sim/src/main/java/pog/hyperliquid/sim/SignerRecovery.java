package pog.hyperliquid.sim;

import fr.acinq.secp256k1.Secp256k1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.Signature;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * Who signed a digest: the simulator recovers the signer of every request, and that recovery was the largest part of
 * its CPU per order. libsecp256k1 (ACINQ's JNI build, loaded once) does it about five times faster than the Bouncy
 * Castle arithmetic of {@link L1Verifier}; both compute Q = r^-1 (sR - eG) for the R that r and v name, so they agree
 * on every signature ({@code SignerRecoveryAgreementTest} checks it). Where the native library cannot load (an
 * unsupported platform), is switched off ({@code -Dpog.hlsim.recovery=bouncycastle}) or does not recover a key, the
 * answer is Bouncy Castle's.
 */
final class SignerRecovery {
    private static final Logger log = LoggerFactory.getLogger(SignerRecovery.class);
    private static final Secp256k1 NATIVE = load();

    private SignerRecovery() {
    }

    private static Secp256k1 load() {
        if ("bouncycastle".equals(System.getProperty("pog.hlsim.recovery"))) { // A/B measurements, an escape hatch
            log.info("event=signer_recovery implementation=bouncycastle reason=\"-Dpog.hlsim.recovery=bouncycastle\"");
            return null;
        }
        try {
            Secp256k1 lib = Secp256k1.Companion;
            lib.pubkeyCreate(one()); // forces the native library to load now, not on the first request
            log.info("event=signer_recovery implementation=libsecp256k1");
            return lib;
        } catch (Throwable e) { // UnsatisfiedLinkError, a missing platform jar: stay on Bouncy Castle
            log.warn("event=signer_recovery implementation=bouncycastle reason=\"{}\"", e.toString());
            return null;
        }
    }

    private static byte[] one() {
        byte[] key = new byte[32];
        key[31] = 1;
        return key;
    }

    /** True when recovery runs in libsecp256k1. */
    static boolean isNative() {
        return NATIVE != null;
    }

    /** The address whose key signed this L1 action on this network, or empty when the signature fits no key. */
    static Optional<Address> recover(L1Action action, Network network, Signature signature) {
        return recoverDigest(action.digest(network), signature);
    }

    /** The address whose key signed a 32-byte digest, or empty. */
    static Optional<Address> recoverDigest(byte[] digest, Signature signature) {
        if (NATIVE != null && digest.length == 32) {
            Address a = nativeRecover(digest, signature);
            if (a != null) {
                return Optional.of(a);
            }
        }
        return L1Verifier.recoverDigest(digest, signature);
    }

    /** libsecp256k1's answer, or null when it has none (the caller then asks Bouncy Castle). */
    static Address nativeRecover(byte[] digest, Signature signature) {
        byte[] compact = new byte[64];
        put(signature.r(), compact, 0);
        put(signature.s(), compact, 32);
        try {
            byte[] pub = NATIVE.ecdsaRecover(compact, digest, signature.v() - 27);
            if (pub == null || pub.length != 65 || pub[0] != 0x04) {
                return null;
            }
            byte[] hash = Hash.sha3(Arrays.copyOfRange(pub, 1, 65));
            return Address.fromBytes(Arrays.copyOfRange(hash, 12, 32));
        } catch (RuntimeException e) { // the library refuses what it cannot recover
            return null;
        }
    }

    private static void put(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray(); // r, s < n: at most 32 bytes plus a sign byte
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }
}
