package pog.hyperliquid.wire;

/** Time in force of a limit order. Hyperliquid has no market orders: a "market" order is an IOC at a far price. */
public enum Tif {
    /** Good til cancelled. */
    GTC("Gtc"),
    /** Immediate or cancel: fills what it can now, the rest is cancelled. */
    IOC("Ioc"),
    /** Add liquidity only (post-only): cancelled instead of taking. */
    ALO("Alo"),
    /** What the venue's own front end sends for a market order: immediate or cancel. */
    FRONTEND_MARKET("FrontendMarket");

    private final String wire;

    Tif(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Tif fromWire(String text) {
        for (Tif t : values()) {
            if (t.wire.equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tif '" + text + "' (Gtc, Ioc, Alo or FrontendMarket)");
    }
}
