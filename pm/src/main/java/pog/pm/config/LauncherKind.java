package pog.pm.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How PM starts a trader: its own session, a systemd unit, or not at all. */
public enum LauncherKind {
    @JsonProperty("process") PROCESS,
    @JsonProperty("systemd") SYSTEMD,
    @JsonProperty("external") EXTERNAL;

    public String wire() {
        return name().toLowerCase();
    }
}
