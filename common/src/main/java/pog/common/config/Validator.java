package pog.common.config;

import java.math.BigDecimal;
import java.net.URI;
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

    /** Greater than 0 and at most {@code max}, e.g. a market order's slippage bound. */
    public void positiveAtMost(String key, BigDecimal value, BigDecimal max) {
        required(key, value);
        if (value.signum() <= 0 || value.compareTo(max) > 0) {
            throw error(key, "must be greater than 0 and at most " + max.toPlainString() + ", got " + value.toPlainString());
        }
    }

    /** An absolute http or https URL, such as a venue's {@code baseUrl}. */
    public String httpUrl(String key, String value) {
        required(key, value);
        boolean ok;
        try {
            String scheme = URI.create(value).getScheme();
            ok = "http".equals(scheme) || "https".equals(scheme);
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throw error(key, "must be an http(s) URL, got '" + value + "'");
        }
        return value;
    }

    public void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw error(key, problem);
        }
    }
}
