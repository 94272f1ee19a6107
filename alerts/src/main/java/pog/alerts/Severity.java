package pog.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How much an alert needs a person: written lower case in config and on the wire. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.wire().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be info, warning or critical, got '" + text + "'");
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
