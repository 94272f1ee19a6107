package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;

/** Signs L1 actions (orders, cancels, leverage, ...) with one key for one network. Thread-safe. */
public final class L1Signer {
    private final PrivateKey key;
    private final Network network;

    public L1Signer(PrivateKey key, Network network) {
        if (key == null || network == null) {
            throw new IllegalArgumentException("key and network are required");
        }
        this.key = key;
        this.network = network;
    }

    public Signature sign(L1Action action) {
        return key.sign(action.digest(network));
    }

    /**
     * @param vault        the vault or sub-account acted for, or null
     * @param expiresAfter epoch millis after which the venue must reject it, or null
     */
    public Signature sign(JsonNode action, long nonce, Address vault, Long expiresAfter) {
        return sign(new L1Action(action, nonce, vault, expiresAfter));
    }

    /** The address the venue will recover from these signatures (an agent's, for an API-wallet key). */
    public Address signerAddress() {
        return key.address();
    }

    public Network network() {
        return network;
    }

    @Override
    public String toString() {
        return "L1Signer[signer=" + key.address() + ", network=" + network + "]";
    }
}
