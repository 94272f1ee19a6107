package pog.common.config;

import java.math.BigDecimal;
import java.util.Collection;

/** Collects the checks of one config file so every record validates with the same wording. */
public final class Validator {
    private final String file;

    public Validator(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(file, key, problem);
    }

    public <T> T required(String key, T value) {
        if (value == null || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty())) {
            throw error(key, "is required");
        }
        return value;
    }

    public int port(String key, Integer value) {
        required(key, value);
        if (value < 0 || value > 65535) {
            throw error(key, "must be a port between 0 and 65535, got " + value);
        }
        return value;
    }

    public void positive(String key, BigDecimal value) {
        required(key, value);
        if (value.signum() <= 0) {
            throw error(key, "must be greater than 0, got " + value.toPlainString());
        }
    }

    public void positive(String key, Number value) {
        required(key, value);
        if (value.doubleValue() <= 0) {
            throw error(key, "must be greater than 0, got " + value);
        }
    }

    public void fraction(String key, BigDecimal value) {
        positive(key, value);
        if (value.compareTo(BigDecimal.ONE) >= 0) {
            throw error(key, "must be a fraction between 0 and 1, got " + value.toPlainString());
        }
    }

    public void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw error(key, problem);
        }
    }
}
