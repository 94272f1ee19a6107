package pog.lighter.signer.tx;

/**
 * The type-specific part of a Lighter L2 transaction. The signer supplies the common part
 * (chain id, type, nonce, expiry, account, API key) and attributes.
 */
public sealed interface TxBody permits CreateOrder, CreateGroupedOrders, CancelOrder, CancelAllOrders, ModifyOrder, UpdateLeverage,
        UpdateMargin, ChangePubKey, Transfer, Withdraw {

    int txType();

    /** The body's fields as the reference hashes them, after the common six. */
    long[] hashElements();

    /** The body's JSON members (Go struct order and names), without surrounding commas. */
    void appendJson(StringBuilder sb);

    /** The reference's range checks for this body; attributes are passed for the rules that read them. */
    void validate(TxAttributes attributes);

    /** The tx_info name of the signer's account: {@code AccountIndex}, or {@code FromAccountIndex} for transfers out. */
    default String accountField() {
        return "AccountIndex";
    }

    /** JSON members that Go's struct puts between {@code Sig} and {@code L2TxAttributes} (a leading comma each). */
    default void appendJsonAfterSig(StringBuilder sb) {
    }
}
