package pog.trader;

import pog.hyperliquid.client.HyperliquidSettings;
import pog.hyperliquid.client.HyperliquidVenue;
import pog.hyperliquid.signing.PrivateKey;
import pog.lighter.client.LighterSettings;
import pog.lighter.client.LighterVenue;
import pog.sim.PaperVenue;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;
import pog.trader.config.HyperliquidVenueConfig;
import pog.trader.config.LighterVenueConfig;
import pog.trader.config.PaperVenueConfig;
import pog.trader.config.TraderConfig;
import pog.venue.Venue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the venue a config names. */
public final class VenueFactory {
    private VenueFactory() {
    }

    public static Venue open(TraderConfig config, Map<String, String> env, Clock clock) {
        if (config.venue() instanceof PaperVenueConfig paper) {
            return PaperVenue.open(simConfig(paper), config.dataDir().resolve("paper-venue.db"), clock, paper.account());
        }
        if (config.venue() instanceof HyperliquidVenueConfig hl) {
            HyperliquidSettings settings = new HyperliquidSettings(hl.baseUrl(), hl.testnet(), hl.keyFile(), hl.keyEnv(),
                    hl.account(), hl.vaultAddress(),
                    hl.nonceFile() != null ? hl.nonceFile() : config.dataDir().resolve("hl-nonce"),
                    hl.marketSlippage(), null, null, null, null, null, null, null, null, null);
            return HyperliquidVenue.open(settings, env, clock);
        }
        if (config.venue() instanceof LighterVenueConfig lt) {
            LighterSettings settings = new LighterSettings(lt.baseUrl(), null, lt.chainId(), lt.accountIndex(),
                    lt.apiKeyIndex(), lt.keyFile(), lt.keyEnv(), lt.stateDir() != null ? lt.stateDir() : config.dataDir(),
                    lt.registerApiKey(), lt.marketSlippage(), null, null, null, null, null, null, null, null);
            return LighterVenue.open(settings, env, clock);
        }
        throw new IllegalArgumentException("unsupported venue " + config.venue());
    }

    /** The simulation a paper venue section describes (also what tests open to inspect a stopped trader's venue). */
    public static SimConfig simConfig(PaperVenueConfig paper) {
        SimConfig defaults = SimConfig.defaults();
        List<SymbolSpec> symbols = new ArrayList<>();
        for (SymbolSpec s : defaults.symbols()) {
            symbols.add(paper.volatility() == null ? s : new SymbolSpec(s.symbol(), s.startPrice(), paper.volatility(),
                    s.tickSize(), s.lotSize(), s.maxLeverage()));
        }
        return new SimConfig(paper.seed(), paper.tickMillis(), paper.startingBalance(), defaults.takerFeeBps(),
                defaults.makerFeeBps(), defaults.defaultLeverage(), defaults.maintenanceFraction(), symbols);
    }

    /** What a trader will report as its venue and account, known before (and without) reaching the venue. */
    public record Described(String name, String account) {
    }

    public static Described describe(TraderConfig config, Map<String, String> env) {
        if (config.venue() instanceof PaperVenueConfig paper) {
            return new Described("paper", paper.account());
        }
        if (config.venue() instanceof HyperliquidVenueConfig hl) {
            // the key is read now so a bad one is a start-up error, not a retry loop
            PrivateKey key = key(() -> hl.keyFile() != null ? PrivateKey.fromFile(hl.keyFile())
                    : PrivateKey.fromEnv(hl.keyEnv() == null ? HyperliquidSettings.DEFAULT_KEY_ENV : hl.keyEnv(), env));
            String account = hl.vaultAddress() != null ? hl.vaultAddress()
                    : hl.account() != null ? hl.account() : key.address().toString();
            return new Described("hyperliquid", account.toLowerCase(java.util.Locale.ROOT));
        }
        if (config.venue() instanceof LighterVenueConfig lt) {
            key(() -> lt.keyFile() != null ? pog.lighter.signer.schnorr.PrivateKey.fromFile(lt.keyFile())
                    : pog.lighter.signer.schnorr.PrivateKey.fromEnv(env,
                            lt.keyEnv() == null ? LighterSettings.DEFAULT_KEY_ENV : lt.keyEnv()));
            return new Described("lighter", Long.toString(lt.accountIndex()));
        }
        throw new IllegalArgumentException("unsupported venue " + config.venue());
    }

    /** A venue key that cannot be used (missing, unreadable, too open, malformed); the message never holds the key. */
    public static final class KeyException extends RuntimeException {
        KeyException(String message) {
            super(message);
        }
    }

    private static <K> K key(java.util.function.Supplier<K> load) {
        try {
            return load.get();
        } catch (RuntimeException e) {
            throw new KeyException(e.getMessage());
        }
    }

    public static Path journalFile(TraderConfig config) {
        return config.dataDir().resolve("journal.db");
    }
}
