package pog.hyperliquid.signing;

/** Which Hyperliquid chain an L1 signature is for; the phantom agent's {@code source} keeps them apart. */
public enum Network {
    MAINNET("a"),
    TESTNET("b");

    private final String source;

    Network(String source) {
        this.source = source;
    }

    /** The phantom agent's {@code source} field. */
    public String source() {
        return source;
    }

    public static Network of(boolean testnet) {
        return testnet ? TESTNET : MAINNET;
    }
}
