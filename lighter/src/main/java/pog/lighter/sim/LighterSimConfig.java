package pog.lighter.sim;

import pog.sim.SimConfig;
import pog.sim.SymbolSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the simulated Lighter. Null fields take the defaults of {@link #withDefaults()}.
 *
 * @param chainId         signatures are verified for this chain id (304 mainnet, 300 testnet, as the SDKs use)
 * @param startingBalance USDC credited to an account index the first time it is seen
 * @param markets         the perp markets; a market's id is its {@code marketId}
 * @param latencyMs       fault: delay every REST answer (the admin endpoint changes faults at run time)
 * @param admin           serve {@code GET|POST /admin/faults} and {@code POST /api/v1/sim/registerApiKey}
 *                        (loopback callers only)
 */
public record LighterSimConfig(String bind, Integer port, Integer chainId, Long seed, Long tickMillis,
                               BigDecimal startingBalance, List<Market> markets, Long latencyMs, Double errorRate5xx,
                               Double errorRate429, Boolean admin) {

    public static final int DEFAULT_PORT = 9503;
    public static final int DEFAULT_CHAIN_ID = 304;

    /**
     * One perp market. Prices on the wire are integers in units of 10^-priceDecimals, sizes in 10^-sizeDecimals.
     *
     * @param minBaseAmount  smallest order size (decimal)
     * @param minQuoteAmount smallest order notional in USDC (decimal)
     */
    public record Market(int marketId, String symbol, int sizeDecimals, int priceDecimals, BigDecimal startPx,
                         double volatility, int maxLeverage, BigDecimal minBaseAmount, BigDecimal minQuoteAmount) {
        BigDecimal tick() {
            return BigDecimal.ONE.movePointLeft(priceDecimals);
        }

        BigDecimal lot() {
            return BigDecimal.ONE.movePointLeft(sizeDecimals);
        }
    }

    public static LighterSimConfig defaults() {
        return new LighterSimConfig(null, null, null, null, null, null, null, null, null, null, null).withDefaults();
    }

    /** Lighter's own market ids and decimals for ETH (0), BTC (1) and SOL (2). */
    public LighterSimConfig withDefaults() {
        SimConfig core = SimConfig.defaults();
        return new LighterSimConfig(
                bind == null || bind.isBlank() ? "127.0.0.1" : bind,
                port == null ? DEFAULT_PORT : port,
                chainId == null ? DEFAULT_CHAIN_ID : chainId,
                seed == null ? core.seed() : seed,
                tickMillis == null ? core.tickMillis() : tickMillis,
                startingBalance == null ? core.startingBalance() : startingBalance,
                markets == null || markets.isEmpty() ? List.of(
                        new Market(0, "ETH", 4, 2, new BigDecimal("3000"), 0.04, 25, new BigDecimal("0.005"),
                                new BigDecimal("10")),
                        new Market(1, "BTC", 5, 1, new BigDecimal("60000"), 0.03, 50, new BigDecimal("0.0002"),
                                new BigDecimal("10")),
                        new Market(2, "SOL", 3, 3, new BigDecimal("150"), 0.05, 25, new BigDecimal("0.050"),
                                new BigDecimal("10"))) : List.copyOf(markets),
                latencyMs == null ? 0L : latencyMs,
                errorRate5xx == null ? 0.0 : errorRate5xx,
                errorRate429 == null ? 0.0 : errorRate429,
                admin != null && admin);
    }

    public LighterSimConfig withPort(int newPort) {
        return new LighterSimConfig(bind, newPort, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, admin);
    }

    public LighterSimConfig withBind(String newBind) {
        return new LighterSimConfig(newBind, port, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, admin);
    }

    public LighterSimConfig withAdmin(boolean on) {
        return new LighterSimConfig(bind, port, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, on);
    }

    public LighterSimConfig withFaults(long latency, double rate5xx, double rate429) {
        return new LighterSimConfig(bind, port, chainId, seed, tickMillis, startingBalance, markets, latency, rate5xx,
                rate429, admin);
    }

    /** The core's view: tick 10^-priceDecimals, lot 10^-sizeDecimals; Lighter's fees for standard accounts (0). */
    SimConfig toSimConfig() {
        List<SymbolSpec> specs = new ArrayList<>();
        for (Market m : markets) {
            specs.add(new SymbolSpec(m.symbol(), m.startPx(), m.volatility(), m.tick(), m.lot(), m.maxLeverage()));
        }
        SimConfig core = SimConfig.defaults();
        return new SimConfig(seed, tickMillis, startingBalance, BigDecimal.ZERO, BigDecimal.ZERO,
                core.defaultLeverage(), core.maintenanceFraction(), specs);
    }

    Market market(int id) {
        for (Market m : markets) {
            if (m.marketId() == id) {
                return m;
            }
        }
        return null;
    }

    Market market(String symbol) {
        for (Market m : markets) {
            if (m.symbol().equals(symbol)) {
                return m;
            }
        }
        return null;
    }
}
