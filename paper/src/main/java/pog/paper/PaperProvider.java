package pog.paper;

import pog.sim.SimConfig;
import pog.sim.SymbolSpec;
import pog.venue.Venue;
import pog.venue.spi.VenueProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code type: paper}: the simulation core in-process, its exchange kept in {@code <dataDir>/paper-venue.db}. */
public final class PaperProvider extends VenueProvider<PaperVenueConfig> {
    /** The file a paper trader's exchange lives in, inside its data dir (tests open it to inspect a stopped trader). */
    public static final String EXCHANGE_FILE = "paper-venue.db";

    public PaperProvider() {
        super("paper", PaperVenueConfig.class);
    }

    /** The account is the configured name; there is no key. */
    @Override
    public Description describe(PaperVenueConfig config, Map<String, String> env) {
        return new Description(name(), config.account());
    }

    @Override
    public Venue open(PaperVenueConfig config, Path dataDir, Map<String, String> env, Clock clock) {
        return PaperVenue.open(simConfig(config), dataDir.resolve(EXCHANGE_FILE), clock, config.account());
    }

    /** The simulation a paper venue section describes: the default symbols and fees, with its seed, tick and balance. */
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
}
