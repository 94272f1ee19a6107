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

    /** True when {@code signature} is a valid signature of this transaction by the 40-byte public key. */
    public boolean verify(int chainId, byte[] publicKey) {
        return Schnorr.verify(publicKey, messageHash(chainId).toLittleEndianBytes(), signature);
    }
}
