package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.hash.Poseidon2;

/**
 * The message a Lighter L2 transaction signs, as lighter-go's {@code Hash(chainId)}:
 * Poseidon2 to GF(p^5) over {@code [chainId, txType, nonce, expiredAt, accountIndex, apiKeyIndex,
 * body...]}, each integer taken as its unsigned 64-bit pattern; when an attribute is set, the result
 * is Poseidon2(txHash || attributesHash). A venue (or the simulator) recomputes it from a received
 * tx_info to verify the signature.
 */
public final class TxHash {

    private TxHash() {
    }

    /**
     * Validates the transaction with the reference's range rules, then hashes it.
     *
     * @throws IllegalArgumentException naming the first field that is out of range
     */
    public static GfP5 of(int chainId, long accountIndex, int apiKeyIndex, TxBody body, long nonce, long expiredAtMillis,
            TxAttributes attributes) {
        check(accountIndex >= Limits.MIN_ACCOUNT_INDEX && accountIndex <= Limits.MAX_ACCOUNT_INDEX,
                "AccountIndex " + accountIndex + " is out of range");
        check(apiKeyIndex >= 0 && apiKeyIndex <= Limits.MAX_API_KEY_INDEX, "ApiKeyIndex " + apiKeyIndex + " is out of range");
        check(nonce >= 0, "Nonce " + nonce + " is negative");
        check(expiredAtMillis >= 0 && expiredAtMillis <= Limits.MAX_TIMESTAMP, "ExpiredAt " + expiredAtMillis + " is out of range");
        attributes.validate();
        body.validate(attributes);
        long[] bodyElements = body.hashElements();
        long[] elements = new long[6 + bodyElements.length];
        elements[0] = Integer.toUnsignedLong(chainId);
        elements[1] = body.txType();
        elements[2] = nonce;
        elements[3] = expiredAtMillis;
        elements[4] = accountIndex;
        elements[5] = apiKeyIndex;
        System.arraycopy(bodyElements, 0, elements, 6, bodyElements.length);
        GfP5 txHash = Poseidon2.hashToQuinticExtension(elements);
        if (attributes.isEmpty()) {
            return txHash;
        }
        GfP5 attributesHash = Poseidon2.hashToQuinticExtension(attributes.hashElements());
        return Poseidon2.hashToQuinticExtension(txHash.a0, txHash.a1, txHash.a2, txHash.a3, txHash.a4,
                attributesHash.a0, attributesHash.a1, attributesHash.a2, attributesHash.a3, attributesHash.a4);
    }
}
