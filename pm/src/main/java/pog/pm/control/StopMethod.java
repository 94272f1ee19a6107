package pog.pm.control;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a trader was made to stop: its own API, the signals of the fallback, systemd, or nothing at all. */
public enum StopMethod {
    API("api"),
    SIGTERM("sigterm"),
    SIGKILL("sigkill"),
    SYSTEMD("systemd"),
    NONE("none");

    private final String wire;

    StopMethod(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
