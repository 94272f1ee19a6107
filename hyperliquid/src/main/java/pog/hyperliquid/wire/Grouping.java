package pog.hyperliquid.wire;

/**
 * How the orders of one order action relate. {@code normalTpsl}: an entry followed by its tp/sl, which become
 * active as it fills. {@code positionTpsl}: tp/sl attached to the whole position, resized with it.
 */
public enum Grouping {
    NA("na"),
    NORMAL_TPSL("normalTpsl"),
    POSITION_TPSL("positionTpsl");

    private final String wire;

    Grouping(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Grouping fromWire(String text) {
        for (Grouping g : values()) {
            if (g.wire.equals(text)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown grouping '" + text + "' (na, normalTpsl or positionTpsl)");
    }
}
