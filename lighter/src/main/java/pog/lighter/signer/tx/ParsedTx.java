package pog.lighter.signer.tx;

import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.schnorr.Schnorr;

/** A transaction read back from tx_info: what a venue checks before accepting it. */
public record ParsedTx(int txType, long accountIndex, int apiKeyIndex, TxBody body, long expiredAt, long nonce,
        byte[] signature, TxAttributes attributes) {

    /** The signed message, recomputed (validating ranges first). */
    public GfP5 messageHash(int chainId) {
        return TxHash.of(chainId, accountIndex, apiKeyIndex, body, nonce, expiredAt, attributes);
    }

    /** The L1 text the owner signs for this transaction, or null for a type without an L1 signature. */
    public String l1Message(int chainId) {
        return body instanceof L1Signed l1 ? l1.l1Message(nonce, accountIndex, apiKeyIndex, chainId) : null;
    }

    /** The Ethereum address (EIP-55) that made the L1 signature, or null when there is none or it recovers nothing. */
    public String l1Signer(int chainId) {
        return body instanceof L1Signed l1 ? pog.lighter.signer.l1.EthKey.recoverAddress(l1Message(chainId), l1.l1Sig())
                : null;
    }

    /** {@link #verify(int, byte[])} with a key's precomputed verifier (what a venue keeps per registered key). */
    public boolean verify(int chainId, Schnorr.Verifier verifier) {
        return verifier.verify(messageHash(chainId).toLittleEndianBytes(), signature);
    }

    /** True when {@code signature} is a valid signature of this transaction by the 40-byte public key. */
    public boolean verify(int chainId, byte[] publicKey) {
        return Schnorr.verify(publicKey, messageHash(chainId).toLittleEndianBytes(), signature);
    }
}
