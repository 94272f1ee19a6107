package pog.trader.engine;

import pog.common.time.ManualClock;
import pog.paper.PaperVenue;
import pog.sim.Exchange;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Strategy;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Venue;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the strategy-through-the-engine tests share: a paper venue (the simulation core on a SQLite file) on account
 * {@value #ACCOUNT}, a journal, and engines with venue calls inline on a manual clock, trading BTC with the demo's
 * risk settings (1 % risk over a 0.5 % stop), each reconciled as a trader is before it is handed out.
 * {@link #tick} is one round by hand: a second later, the market moved, the engine read the venue and acted.
 * (The threaded engine tests share {@link EngineRig} instead.) A JUnit extension: {@code @RegisterExtension final
 * InlineRig rig = new InlineRig();} opens it in a directory of its own before each test and closes it after.
 */
final class InlineRig implements BeforeEachCallback, AfterEachCallback {
    static final String ACCOUNT = "acct";

    final ManualClock clock = new ManualClock(1_800_000_000_000L);
    final RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"),
            new BigDecimal("20000"), new BigDecimal("5"), new BigDecimal("500"));
    Exchange exchange;
    Journal journal;
    private final List<Engine> engines = new ArrayList<>();
    private Path dir;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("inline-rig");
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
    }

    /** The paper venue on the account, as a trader's client would see it. */
    Venue paper() {
        return new PaperVenue(exchange, ACCOUNT);
    }

    /** An engine on {@code venue} (the bar source set first, when given), reconciled; closed with the rig. */
    Engine engine(Venue venue, Strategy strategy, String barSource) {
        Engine e = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC"), s -> { });
        if (barSource != null) {
            e.barSource(barSource);
            e.subscribeMarket();
        }
        engines.add(e);
        e.reconcile();
        return e;
    }

    /** One round by hand: a second later, the simulated market moved, and the engine read the venue and acted. */
    void tick(Engine e) {
        clock.advanceMillis(1000);
        exchange.advance();
        e.tick();
    }

    /** The BTC position on the venue, or null when flat. */
    Position btc() {
        return exchange.positions(ACCOUNT).stream().filter(p -> p.symbol().equals("BTC")).findFirst().orElse(null);
    }

    /** The stops resting on the venue. */
    List<Order> stops() {
        return exchange.openOrders(ACCOUNT).stream().filter(o -> o.type() == OrderType.STOP_MARKET).toList();
    }

    /** Closes the engines handed out so far (a test that starts a second trader on the same journal). */
    void closeEngines() {
        engines.forEach(Engine::close);
        engines.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        closeEngines();
        journal.close();
        exchange.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
