package pog.hyperliquid.signing;

/**
 * Who trades for whom. {@code account} is the user whose margin and positions the orders act on (what info queries
 * ask about). {@code signer} signs: the account's own key, or an agent (API wallet) key the account has approved,
 * which signs the same way but cannot withdraw. {@code vault}, when set, is the vault or sub-account the actions are
 * for; it goes into every action hash and becomes the user that info queries ask about.
 */
public record TradingAccount(Address account, PrivateKey signer, Address vault) {

    public TradingAccount {
        if (account == null || signer == null) {
            throw new IllegalArgumentException("account and signer are required");
        }
    }

    /** The key's own account, no vault. */
    public static TradingAccount own(PrivateKey key) {
        return new TradingAccount(key.address(), key, null);
    }

    /** An API-wallet key acting for {@code account}. */
    public static TradingAccount agent(Address account, PrivateKey agentKey) {
        return new TradingAccount(account, agentKey, null);
    }

    public TradingAccount withVault(Address vaultAddress) {
        return new TradingAccount(account, signer, vaultAddress);
    }

    /** True when the signer is an agent key, not the account's own. */
    public boolean isAgent() {
        return !signer.address().equals(account);
    }

    /** The user whose state the venue reports for these actions: the vault if one is set, else the account. */
    public Address queryAddress() {
        return vault != null ? vault : account;
    }

    public L1Signer l1Signer(Network network) {
        return new L1Signer(signer, network);
    }

    @Override
    public String toString() {
        return "TradingAccount[account=" + account + ", signer=" + signer.address()
                + (isAgent() ? " (agent)" : "") + (vault != null ? ", vault=" + vault : "") + "]";
    }
}
