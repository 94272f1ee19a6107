package pog.hyperliquid.wire;

/** Whether a trigger order takes profit or stops a loss. */
public enum Tpsl {
    TP("tp"),
    SL("sl");

    private final String wire;

    Tpsl(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Tpsl fromWire(String text) {
        for (Tpsl t : values()) {
            if (t.wire.equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tpsl '" + text + "' (tp or sl)");
    }
}
