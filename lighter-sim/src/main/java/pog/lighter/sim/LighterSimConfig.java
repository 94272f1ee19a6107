package pog.lighter.sim;

import pog.simfront.FrontConfig;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the simulated Lighter. Null fields take the defaults of {@link #withDefaults()}.
 *
 * @param chainId         signatures are verified for this chain id (304 mainnet, 300 testnet, as the SDKs use)
 * @param startingBalance USDC an account gets when it is provisioned without an amount
 * @param markets         the perp markets; a market's id is its {@code marketId}
 * @param latencyMs       fault: delay every REST answer (the admin endpoint changes faults at run time)
 * @param admin           serve {@code GET|POST /admin/faults} (loopback callers only)
 * @param accounts        accounts provisioned at start when missing (matched by index, else by L1 address), with
 *                        their USDC and registered API keys
 */
public record LighterSimConfig(String bind, Integer port, Integer chainId, Long seed, Long tickMillis,
                               BigDecimal startingBalance, List<Market> markets, Long latencyMs, Double errorRate5xx,
                               Double errorRate429, Boolean admin, List<AccountSpec> accounts) implements FrontConfig<LighterSimConfig> {

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

    /**
     * An account the simulator provisions at start.
     *
     * @param index     its account index; default one above the highest in use
     * @param l1Address the owner's Ethereum address (0x + 40 hex digits), whose signature a ChangePubKey carries
     * @param usdc      collateral it starts with; default {@code startingBalance}
     * @param apiKeys   API keys registered for it at start (a slot already holding a key keeps it)
     */
    public record AccountSpec(Long index, String l1Address, BigDecimal usdc, List<ApiKeySpec> apiKeys) {
        public AccountSpec {
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        }
    }

    /** @param index the API key slot, 0..254; @param publicKey 80 hex digits */
    public record ApiKeySpec(Integer index, String publicKey) {
    }

    public static LighterSimConfig defaults() {
        return new LighterSimConfig(null, null, null, null, null, null, null, null, null, null, null, null).withDefaults();
    }

    /** Lighter's own market ids and decimals for ETH (0), BTC (1) and SOL (2). */
    @Override
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
                admin != null && admin,
                accounts == null ? List.of() : List.copyOf(accounts));
    }

    @Override
    public LighterSimConfig withPort(int newPort) {
        return new LighterSimConfig(bind, newPort, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, admin, accounts);
    }

    @Override
    public LighterSimConfig withBind(String newBind) {
        return new LighterSimConfig(newBind, port, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, admin, accounts);
    }

    @Override
    public LighterSimConfig withAdmin(boolean on) {
        return new LighterSimConfig(bind, port, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, on, accounts);
    }

    public LighterSimConfig withFaults(long latency, double rate5xx, double rate429) {
        return new LighterSimConfig(bind, port, chainId, seed, tickMillis, startingBalance, markets, latency, rate5xx,
                rate429, admin, accounts);
    }

    public LighterSimConfig withAccounts(List<AccountSpec> more) {
        List<AccountSpec> all = new ArrayList<>(accounts == null ? List.of() : accounts);
        all.addAll(more);
        return new LighterSimConfig(bind, port, chainId, seed, tickMillis, startingBalance, markets, latencyMs,
                errorRate5xx, errorRate429, admin, all);
    }

    /**
     * The core's view: tick 10^-priceDecimals, lot 10^-sizeDecimals; Lighter's fees for standard accounts (0). The
     * core's accounts start empty: the Lighter layer deposits their USDC when it provisions them.
     */
    SimConfig toSimConfig() {
        List<SymbolSpec> specs = new ArrayList<>();
        for (Market m : markets) {
            specs.add(new SymbolSpec(m.symbol(), m.startPx(), m.volatility(), m.tick(), m.lot(), m.maxLeverage()));
        }
        SimConfig core = SimConfig.defaults();
        return new SimConfig(seed, tickMillis, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
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
