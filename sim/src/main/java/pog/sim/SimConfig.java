package pog.sim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Everything that shapes a simulated exchange.
 *
 * @param seed                seeds the price feed; stored in the database on first open, and the stored seed wins
 *                            afterwards so a restarted exchange continues the same series
 * @param tickMillis          one feed step every this many milliseconds of the clock
 * @param startingBalance     USDC credited to an account the first time it is seen
 * @param takerFeeBps         fee of orders that execute on arrival or on trigger, in basis points of notional
 * @param makerFeeBps         fee of resting limit orders when the mark reaches them
 * @param defaultLeverage     leverage of a symbol until the account chooses one (capped by the market's max)
 * @param maintenanceFraction maintenance margin as a fraction of the initial margin at the market's max leverage:
 *                            0.5 means maintenance = notional * 0.5 / maxLeverage (Hyperliquid's rule)
 */
public record SimConfig(long seed, long tickMillis, BigDecimal startingBalance, BigDecimal takerFeeBps,
                        BigDecimal makerFeeBps, int defaultLeverage, BigDecimal maintenanceFraction,
                        List<SymbolSpec> symbols) {

    public SimConfig {
        Objects.requireNonNull(startingBalance, "startingBalance");
        Objects.requireNonNull(takerFeeBps, "takerFeeBps");
        Objects.requireNonNull(makerFeeBps, "makerFeeBps");
        Objects.requireNonNull(maintenanceFraction, "maintenanceFraction");
        symbols = List.copyOf(symbols);
        if (tickMillis <= 0) {
            throw new IllegalArgumentException("tickMillis must be positive");
        }
        if (defaultLeverage < 1) {
            throw new IllegalArgumentException("defaultLeverage must be >= 1");
        }
        if (maintenanceFraction.signum() <= 0 || maintenanceFraction.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("maintenanceFraction must be in (0, 1)");
        }
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
        if (symbols.stream().map(SymbolSpec::symbol).distinct().count() != symbols.size()) {
            throw new IllegalArgumentException("symbols must be unique");
        }
    }

    /**
     * Demo defaults: 1-second ticks and volatilities of 3-6% per sqrt(hour), so a trend strategy on second bars
     * sees moves of 1-2% within ten minutes. Fees are Hyperliquid's base tier.
     */
    public static SimConfig defaults() {
        return new SimConfig(42L, 1000L, new BigDecimal("10000"), new BigDecimal("4.5"), new BigDecimal("1.5"),
                5, new BigDecimal("0.5"), List.of(
                new SymbolSpec("BTC", new BigDecimal("60000"), 0.03, new BigDecimal("1"), new BigDecimal("0.001"), 40),
                new SymbolSpec("ETH", new BigDecimal("3000"), 0.04, new BigDecimal("0.1"), new BigDecimal("0.01"), 25),
                new SymbolSpec("SOL", new BigDecimal("150"), 0.05, new BigDecimal("0.01"), new BigDecimal("0.1"), 20)));
    }

    public SymbolSpec symbol(String name) {
        for (SymbolSpec spec : symbols) {
            if (spec.symbol().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(newSeed, tickMillis, startingBalance, takerFeeBps, makerFeeBps, defaultLeverage,
                maintenanceFraction, symbols);
    }

    public SimConfig withSymbols(List<SymbolSpec> newSymbols) {
        return new SimConfig(seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps, defaultLeverage,
                maintenanceFraction, newSymbols);
    }
}
