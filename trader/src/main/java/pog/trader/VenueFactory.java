package pog.trader;

import pog.sim.PaperVenue;
import pog.sim.SimConfig;
import pog.sim.SymbolSpec;
import pog.trader.config.PaperVenueConfig;
import pog.trader.config.TraderConfig;
import pog.venue.Venue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the venue a config names. */
public final class VenueFactory {
    private VenueFactory() {
    }

    public static Venue open(TraderConfig config, Clock clock) {
        if (config.venue() instanceof PaperVenueConfig paper) {
            return PaperVenue.open(simConfig(paper), config.dataDir().resolve("paper-venue.db"), clock, paper.account());
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

    public static Path journalFile(TraderConfig config) {
        return config.dataDir().resolve("journal.db");
    }
}
