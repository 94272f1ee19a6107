package pog.lighter.signer.tx;

import pog.lighter.signer.schnorr.Signature;

/**
 * A signed transaction ready for {@code sendTx}: {@code tx_type} and {@code tx_info} as the
 * form fields, and {@code txHash}, the hex of the signed 40-byte message hash, which equals the
 * hash Lighter reports for the transaction.
 */
public record SignedTx(int txType, String txInfo, String txHash, Signature signature) {
}
