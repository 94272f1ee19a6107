package pog.trader;

import pog.hyperliquid.client.HyperliquidSettings;
import pog.hyperliquid.client.HyperliquidVenue;
import pog.hyperliquid.signing.PrivateKey;
import pog.sim.PaperVenue;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;
import pog.trader.config.HyperliquidVenueConfig;
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
            String account = hl.vaultAddress() != null ? hl.vaultAddress() : hl.account();
            if (account == null) {
                account = (hl.keyFile() != null ? PrivateKey.fromFile(hl.keyFile())
                        : PrivateKey.fromEnv(hl.keyEnv() == null ? HyperliquidSettings.DEFAULT_KEY_ENV : hl.keyEnv(), env))
                        .address().toString();
            }
            return new Described("hyperliquid", account.toLowerCase(java.util.Locale.ROOT));
        }
        throw new IllegalArgumentException("unsupported venue " + config.venue());
    }

    public static Path journalFile(TraderConfig config) {
        return config.dataDir().resolve("journal.db");
    }
}
