package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** Finds who signed an L1 action, as the venue (and our simulator) does: recover the address, then look it up. */
public final class L1Verifier {
    private L1Verifier() {
    }

    /**
     * The address whose key signed {@code action} on {@code network}, or empty if the signature fits no key.
     * A tampered action or the wrong network yields a different (unrelated) address, not an error: compare the
     * result with the expected signer, or use {@link #verify}.
     */
    public static Optional<Address> recover(L1Action action, Network network, Signature signature) {
        return Optional.ofNullable(Secp256k1.recover(action.digest(network), signature));
    }

    public static Optional<Address> recover(JsonNode action, long nonce, Address vault, Long expiresAfter,
                                            boolean testnet, Signature signature) {
        return recover(new L1Action(action, nonce, vault, expiresAfter), Network.of(testnet), signature);
    }

    /**
     * The address whose key signed a 32-byte EIP-712 digest, or empty. For user-signed actions (approveAgent and
     * the like), whose digest the caller builds; L1 actions use {@link #recover(L1Action, Network, Signature)}.
     */
    public static Optional<Address> recoverDigest(byte[] digest, Signature signature) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes");
        }
        return Optional.ofNullable(Secp256k1.recover(digest, signature));
    }

    /** True when {@code expectedSigner}'s key signed exactly this action, nonce, vault and expiry on this network. */
    public static boolean verify(L1Action action, Network network, Signature signature, Address expectedSigner) {
        return recover(action, network, signature).map(expectedSigner::equals).orElse(false);
    }
}
