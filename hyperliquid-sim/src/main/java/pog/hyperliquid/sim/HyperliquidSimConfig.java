package pog.hyperliquid.sim;

import pog.simfront.FrontConfig;
import pog.common.config.ConfigException;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the simulated Hyperliquid ({@code config/exchange-sim-hyperliquid.yaml}). Every field may be
 * left out; {@link #withDefaults()} fills in the demo values.
 *
 * @param bind             interface to listen on; 127.0.0.1 unless other hosts must reach it (0.0.0.0)
 * @param network          which phantom-agent source signatures are recovered with: {@code testnet} ("b") or
 *                         {@code mainnet} ("a"). The Python SDK signs "b" for any URL but mainnet's; the TS SDK
 *                         signs "a" unless its transport has {@code isTestnet: true}; the Rust SDK signs "b" for
 *                         its {@code Localhost} URL (http://localhost:3001)
 * @param startingBalance  USDC for {@code --fund 0xADDR} without an amount, and what the faucet gives
 * @param accounts         accounts that exist from the start and the USDC each is funded with when first created
 *                         ({@code "0xaddr": 10000}); nothing else creates an account unless the faucet is on
 * @param faucet           {@code off} (the default, as the venue: an address is an account only once funded) or
 *                         {@code info}: the first info query naming an unknown address funds it with
 *                         startingBalance, like the testnet faucet (signed actions never create an account)
 * @param minOrderValue    orders that do not only reduce need at least this notional in USDC, as on Hyperliquid
 * @param agents           API wallets (agents) and the master account each one trades for, lower-case hex
 * @param coins            the perp universe; the asset id of a coin is its index here
 * @param admin            {@code POST /admin/faults}: off unless enabled, and then answered for loopback callers only
 * @param ipWeightPerMinute the venue's per-IP request weight budget (1200); 0 turns it off (benchmarks, tests)
 * @param scheduleCancelMinVolume traded USDC an account needs before scheduleCancel is allowed (the venue's $1M)
 * @param wsLimits         the venue's WebSocket limits per IP (see {@link WsLimits}); every client on this host
 *                         shares one IP (127.0.0.1), as bots behind one address share it on the venue
 */
public record HyperliquidSimConfig(String bind, Integer port, String network, Long seed, Long tickMillis, BigDecimal startingBalance,
                          BigDecimal takerFeeBps, BigDecimal makerFeeBps, Integer defaultLeverage,
                          BigDecimal maintenanceFraction, BigDecimal minOrderValue, Map<String, String> agents,
                          List<Coin> coins, Faults faults, Admin admin, Map<String, BigDecimal> accounts,
                          String faucet, Long ipWeightPerMinute, BigDecimal scheduleCancelMinVolume,
                          WsLimits wsLimits) implements FrontConfig<HyperliquidSimConfig> {

    public static final int DEFAULT_PORT = 9502;

    /**
     * One perp. Prices follow Hyperliquid's rule (5 significant figures, at most 6 - szDecimals decimals), so the
     * simulation core's tick is the finest price the rule allows and its lot is 10^-szDecimals.
     *
     * @param volatility standard deviation of the log price per sqrt(hour), as a fraction
     */
    public record Coin(String name, Integer szDecimals, BigDecimal startPx, Double volatility, Integer maxLeverage) {
    }

    /**
     * Faults active from the start; the admin endpoint changes them at run time.
     *
     * @param errorRate5xx fraction (0..1) of /info and /exchange requests answered 502 before being handled
     * @param errorRate429 fraction (0..1) answered 429 before being handled
     */
    public record Faults(Long latencyMs, Double errorRate5xx, Double errorRate429) {
    }

    public record Admin(Boolean enabled) {
    }

    /**
     * The venue's WebSocket limits per IP, across the IP's connections (docs, Rate limits and user limits); each 0
     * turns its limit off.
     *
     * @param connections       open connections (100); beyond, the upgrade is answered HTTP 429
     * @param subscriptions     subscriptions (1000)
     * @param users             distinct users named by user-specific subscriptions (10)
     * @param messagesPerMinute messages the clients send (2000 a minute, refilled continuously)
     * @param inflightPosts     {@code post} requests not yet answered (100)
     */
    public record WsLimits(Integer connections, Integer subscriptions, Integer users, Integer messagesPerMinute,
                           Integer inflightPosts) {
        /** The venue's figures. */
        public static final WsLimits VENUE = new WsLimits(100, 1000, 10, 2000, 100);

        WsLimits withDefaults() {
            return new WsLimits(connections != null ? connections : VENUE.connections,
                    subscriptions != null ? subscriptions : VENUE.subscriptions,
                    users != null ? users : VENUE.users,
                    messagesPerMinute != null ? messagesPerMinute : VENUE.messagesPerMinute,
                    inflightPosts != null ? inflightPosts : VENUE.inflightPosts);
        }
    }

    /** The demo universe: Hyperliquid's real szDecimals and max leverage for BTC, ETH and SOL. */
    public static HyperliquidSimConfig defaults() {
        return new HyperliquidSimConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null).withDefaults();
    }

    @Override
    public HyperliquidSimConfig withDefaults() {
        SimConfig core = SimConfig.defaults();
        return new HyperliquidSimConfig(
                bind != null && !bind.isBlank() ? bind : "127.0.0.1",
                port != null ? port : DEFAULT_PORT,
                network != null ? network.toLowerCase(Locale.ROOT) : "testnet",
                seed != null ? seed : core.seed(),
                tickMillis != null ? tickMillis : core.tickMillis(),
                startingBalance != null ? startingBalance : core.startingBalance(),
                takerFeeBps != null ? takerFeeBps : core.takerFeeBps(),
                makerFeeBps != null ? makerFeeBps : core.makerFeeBps(),
                defaultLeverage != null ? defaultLeverage : core.defaultLeverage(),
                maintenanceFraction != null ? maintenanceFraction : core.maintenanceFraction(),
                minOrderValue != null ? minOrderValue : BigDecimal.TEN,
                agents != null ? Map.copyOf(agents) : Map.of(),
                coins != null && !coins.isEmpty() ? List.copyOf(coins) : List.of(
                        new Coin("BTC", 5, new BigDecimal("60000"), 0.03, 40),
                        new Coin("ETH", 4, new BigDecimal("3000"), 0.04, 25),
                        new Coin("SOL", 2, new BigDecimal("150"), 0.05, 20)),
                faults != null ? faults : new Faults(0L, 0.0, 0.0),
                admin != null ? admin : new Admin(false),
                accounts != null ? lowerCaseKeys(accounts) : Map.of(),
                // YAML reads a bare off as false
                faucet == null || faucet.equalsIgnoreCase("false") ? "off" : faucet.toLowerCase(Locale.ROOT),
                ipWeightPerMinute != null ? ipWeightPerMinute : 1200L,
                scheduleCancelMinVolume != null ? scheduleCancelMinVolume : new BigDecimal("1000000"),
                wsLimits != null ? wsLimits.withDefaults() : WsLimits.VENUE);
    }

    private static Map<String, BigDecimal> lowerCaseKeys(Map<String, BigDecimal> accounts) {
        Map<String, BigDecimal> result = new java.util.LinkedHashMap<>();
        accounts.forEach((k, v) -> result.put(k == null ? null : k.toLowerCase(Locale.ROOT), v));
        return java.util.Collections.unmodifiableMap(result);
    }

    @Override
    public HyperliquidSimConfig withPort(int newPort) {
        return new HyperliquidSimConfig(bind, newPort, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    @Override
    public HyperliquidSimConfig withAdmin(boolean enabled) {
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, new Admin(enabled), accounts, faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    public HyperliquidSimConfig withFaults(Faults newFaults) {
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, newFaults, admin, accounts, faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    public HyperliquidSimConfig withNetwork(String newNetwork) {
        return new HyperliquidSimConfig(bind, port, newNetwork, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    public HyperliquidSimConfig withTickMillis(long millis) {
        return new HyperliquidSimConfig(bind, port, network, seed, millis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    @Override
    public HyperliquidSimConfig withBind(String newBind) {
        return new HyperliquidSimConfig(newBind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    /** The same config with these accounts added (a later amount for the same address wins). */
    public HyperliquidSimConfig withAccounts(Map<String, BigDecimal> more) {
        Map<String, BigDecimal> merged = new java.util.LinkedHashMap<>(accounts == null ? Map.of() : accounts);
        merged.putAll(lowerCaseKeys(more));
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin,
                java.util.Collections.unmodifiableMap(merged), faucet, ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    public HyperliquidSimConfig withFaucet(String newFaucet) {
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts,
                newFaucet == null ? null : newFaucet.toLowerCase(Locale.ROOT), ipWeightPerMinute, scheduleCancelMinVolume, wsLimits);
    }

    public HyperliquidSimConfig withIpWeightPerMinute(long perMinute) {
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet,
                perMinute, scheduleCancelMinVolume, wsLimits);
    }

    public HyperliquidSimConfig withScheduleCancelMinVolume(BigDecimal usd) {
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet,
                ipWeightPerMinute, usd, wsLimits);
    }

    public HyperliquidSimConfig withWsLimits(WsLimits limits) {
        return new HyperliquidSimConfig(bind, port, network, seed, tickMillis, startingBalance, takerFeeBps, makerFeeBps,
                defaultLeverage, maintenanceFraction, minOrderValue, agents, coins, faults, admin, accounts, faucet,
                ipWeightPerMinute, scheduleCancelMinVolume, limits == null ? WsLimits.VENUE : limits.withDefaults());
    }

    /** Whether an info query about an unknown address funds it (the explicit faucet mode). */
    public boolean faucetOnInfo() {
        return "info".equals(faucet);
    }

    /** Checks a config with defaults applied; problems are one-line {@link ConfigException}s naming the key. */
    public HyperliquidSimConfig validate(String file) {
        if (!network.equals("testnet") && !network.equals("mainnet")) {
            throw new ConfigException(file, "network", "must be testnet or mainnet, got '" + network + "'");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(file, "port", "must be between 0 and 65535");
        }
        for (int i = 0; i < coins.size(); i++) {
            Coin c = coins.get(i);
            String key = "coins[" + i + "]";
            if (c.name() == null || c.name().isBlank()) {
                throw new ConfigException(file, key + ".name", "is required");
            }
            if (c.szDecimals() == null || c.szDecimals() < 0 || c.szDecimals() > 6) {
                throw new ConfigException(file, key + ".szDecimals", "must be 0..6");
            }
            if (c.startPx() == null || c.startPx().signum() <= 0) {
                throw new ConfigException(file, key + ".startPx", "must be a positive price");
            }
            if (c.maxLeverage() == null || c.maxLeverage() < 1) {
                throw new ConfigException(file, key + ".maxLeverage", "must be at least 1");
            }
        }
        for (Map.Entry<String, String> e : agents.entrySet()) {
            if (!e.getKey().matches("0x[0-9a-fA-F]{40}") || !e.getValue().matches("0x[0-9a-fA-F]{40}")) {
                throw new ConfigException(file, "agents", "keys and values must be 0x addresses");
            }
        }
        for (Map.Entry<String, BigDecimal> e : accounts.entrySet()) {
            if (e.getKey() == null || !e.getKey().matches("0x[0-9a-f]{40}")) {
                throw new ConfigException(file, "accounts", "keys must be 0x addresses (40 hex digits), got '"
                        + e.getKey() + "'");
            }
            if (e.getValue() == null || e.getValue().signum() < 0) {
                throw new ConfigException(file, "accounts." + e.getKey(), "must be a USDC amount of 0 or more");
            }
        }
        if (!faucet.equals("off") && !faucet.equals("info")) {
            throw new ConfigException(file, "faucet", "must be off or info, got '" + faucet + "'");
        }
        if (ipWeightPerMinute < 0) {
            throw new ConfigException(file, "ipWeightPerMinute", "must be 0 (off) or more");
        }
        if (wsLimits.connections() < 0 || wsLimits.subscriptions() < 0 || wsLimits.users() < 0
                || wsLimits.messagesPerMinute() < 0 || wsLimits.inflightPosts() < 0) {
            throw new ConfigException(file, "wsLimits", "every limit must be 0 (off) or more");
        }
        if (scheduleCancelMinVolume.signum() < 0) {
            throw new ConfigException(file, "scheduleCancelMinVolume", "must be 0 or more");
        }
        double r5 = faults.errorRate5xx() == null ? 0 : faults.errorRate5xx();
        double r4 = faults.errorRate429() == null ? 0 : faults.errorRate429();
        if (r5 < 0 || r5 > 1 || r4 < 0 || r4 > 1) {
            throw new ConfigException(file, "faults", "error rates must be between 0 and 1");
        }
        try {
            toSimConfig();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "coins", e.getMessage());
        }
        return this;
    }

    public boolean testnet() {
        return "testnet".equals(network);
    }

    /** The simulation core's view: tick = the finest price Hyperliquid accepts, lot = 10^-szDecimals. */
    public SimConfig toSimConfig() {
        List<SymbolSpec> symbols = coins.stream().map(c -> new SymbolSpec(c.name(),
                c.startPx().setScale(Math.max(0, 6 - c.szDecimals()), java.math.RoundingMode.HALF_EVEN),
                c.volatility() == null ? 0.03 : c.volatility(),
                BigDecimal.ONE.movePointLeft(6 - c.szDecimals()),
                BigDecimal.ONE.movePointLeft(c.szDecimals()), c.maxLeverage())).toList();
        // Accounts start empty in the core: they are funded only by provisioning (deposits), never on first use.
        return new SimConfig(seed, tickMillis, BigDecimal.ZERO, takerFeeBps, makerFeeBps, defaultLeverage,
                maintenanceFraction, symbols);
    }
}
