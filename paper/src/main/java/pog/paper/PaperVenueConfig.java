package pog.paper;

import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;
import pog.venue.spi.VenueConfig;

import java.math.BigDecimal;

/**
 * The in-process paper venue: the simulation core with a seeded price feed, persisted in the data dir.
 *
 * @param account         account name
 * @param seed            price feed seed (same seed, same prices)
 * @param startingBalance USDC the account starts with
 * @param tickMillis      price feed step
 * @param volatility      overrides every symbol's volatility (fraction per sqrt(hour)); null keeps the defaults
 */
public record PaperVenueConfig(String account, Long seed, BigDecimal startingBalance, Long tickMillis,
                               Double volatility) implements VenueConfig {
    public PaperVenueConfig {
        String f = ConfigFile.current();
        account = account == null ? "paper" : account;
        seed = seed == null ? 42L : seed;
        startingBalance = startingBalance == null ? new BigDecimal("10000") : startingBalance;
        tickMillis = tickMillis == null ? 1000L : tickMillis;
        if (startingBalance.signum() <= 0) {
            throw new ConfigException(f, "venue.startingBalance", "must be greater than 0");
        }
        if (tickMillis < 10) {
            throw new ConfigException(f, "venue.tickMillis", "must be at least 10, got " + tickMillis);
        }
        if (volatility != null && (volatility <= 0 || volatility > 1)) {
            throw new ConfigException(f, "venue.volatility", "must be between 0 and 1 (per sqrt(hour)), got " + volatility);
        }
    }
}
