package pog.pm.registry;

/** How the running trader came under PM's watch. */
public enum Origin {
    ADOPTED, STARTED, EXTERNAL;

    public String wire() {
        return name().toLowerCase();
    }
}
