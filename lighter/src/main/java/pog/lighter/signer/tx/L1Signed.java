package pog.lighter.signer.tx;

/**
 * A body that also carries an Ethereum (L1) signature by the account's owner: EIP-191 personal_sign over the text
 * {@link #l1Message} returns. The L1 signature is not part of the L2 hash, so it can be filled in before or after
 * the L2 signature without changing the tx hash.
 */
public interface L1Signed {

    /** The exact text the owner's Ethereum key signs (lighter-go GetL1SignatureBody). */
    String l1Message(long nonce, long accountIndex, int apiKeyIndex, int chainId);

    /** {@code 0x} + 65 bytes r||s||v (v 27/28) as hex, or "" when not signed yet. */
    String l1Sig();

    /** The same body carrying {@code l1Sig}. */
    TxBody withL1Sig(String l1Sig);

    /** lighter-go's getHex10FromUint64: 0x and 16 lowercase hex digits of the unsigned 64-bit pattern. */
    static String hex64(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0".repeat(16 - h.length()) + h;
    }

    /** An L1 signature's text is empty or 0x + 130 hex digits; anything else could not be a signature. */
    static void checkL1Sig(String l1Sig) {
        Limits.check(l1Sig != null && (l1Sig.isEmpty() || l1Sig.matches("0x[0-9a-fA-F]{130}")),
                "L1Sig must be empty or 0x followed by 130 hex digits");
    }
}
