package pog.pm.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether PM brings a dead trader back on its own. */
public enum RestartMode {
    @JsonProperty("on-failure") ON_FAILURE,
    @JsonProperty("never") NEVER
}
