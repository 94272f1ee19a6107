package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.sim.Exchange;
import pog.paper.PaperVenue;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.journal.Journal;
import pog.trader.ownership.Ownership;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderType;
import pog.venue.Side;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's ownership hooks against the real simulation core: two journals, one venue account. */
class EngineOwnershipTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final ScriptedStrategy strategy = new ScriptedStrategy();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Exchange exchange;
    private final RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"),
            new BigDecimal("20000"), new BigDecimal("5"), new BigDecimal("500"));

    @BeforeEach
    void open() throws IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        exchange.close();
    }

    private Journal journal(String name) throws IOException {
        Journal j = Journal.open(dir.resolve(name + ".db"));
        closing.add(j);
        return j;
    }

    private Engine engine(Journal journal, Ownership ownership) {
        Engine e = new Engine("t", new PaperVenue(exchange, ACCOUNT), journal, strategy, new RiskManager(risk), clock,
                1000, 1000, List.of("BTC", "ETH"), s -> { }, ownership);
        closing.add(e);
        e.reconcile();
        return e;
    }

    private void tick(Engine e) {
        clock.advanceMillis(1000);
        exchange.advance();
        e.tick();
    }

    private List<Order> stops(String symbol) {
        return exchange.openOrders(ACCOUNT).stream()
                .filter(o -> o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET).toList();
    }

    /** A trader enters BTC with its stop, then its journal is lost: the account holds its old epoch's orders. */
    private Engine firstTraderEntersBtc() throws IOException {
        Journal first = journal("first");
        Engine a = engine(first, Ownership.start(first, clock, false));
        strategy.want("BTC", Signal.LONG);
        tick(a);
        assertThat(stops("BTC")).hasSize(1);
        return a;
    }

    @Test
    void aTraderWithALostJournalIsHeldAndPlacesNothingNotEvenAStopUntilTakenOver() throws IOException {
        Engine a = firstTraderEntersBtc();
        a.close();
        clock.advanceMillis(5_000);
        Journal lost = journal("lost");
        Ownership ownership = Ownership.start(lost, clock, false);
        Engine b = engine(lost, ownership);
        assertThat(ownership.status().state()).isEqualTo("held");
        assertThat(ownership.status().heldBy()).isEqualTo(pog.venue.ClientId.epochOf(stops("BTC").get(0).clientId()));

        // the old stop goes (cancelled by hand); the held trader does not replace it, nor enter ETH
        exchange.cancel(ACCOUNT, "BTC", stops("BTC").get(0).clientId());
        strategy.want("ETH", Signal.LONG);
        tick(b);
        tick(b);
        assertThat(stops("BTC")).isEmpty();
        assertThat(exchange.positions(ACCOUNT)).extracting(p -> p.symbol()).containsExactly("BTC");
        assertThat(b.snapshot().unprotected()).isEqualTo(1);

        // the operator takes over: the next iteration protects BTC and trading resumes
        assertThat(ownership.takeOver("test")).hasSize(1);
        tick(b);
        assertThat(stops("BTC")).hasSize(1);
        assertThat(ownership.status().ok()).isTrue();
        assertThat(lost.epochs()).contains(ownership.status().epoch()).hasSize(2);
    }

    @Test
    void aHeldTraderRestartedWithoutTakeOverIsStillHeldEvenWhenTheForeignOrdersAreGone() throws IOException {
        Engine a = firstTraderEntersBtc();
        a.close();
        clock.advanceMillis(5_000);
        Journal lost = journal("lost");
        Engine b = engine(lost, Ownership.start(lost, clock, false));
        tick(b); // its fills are journaled: the next start will not be shown them again
        b.close();
        exchange.cancel(ACCOUNT, "BTC", stops("BTC").get(0).clientId());
        clock.advanceMillis(5_000);
        Ownership again = Ownership.start(lost, clock, false);
        engine(lost, again);
        assertThat(again.status().state()).isEqualTo("held");
        assertThat(stops("BTC")).isEmpty();
        assertThat(again.takeOver("test")).hasSize(1);
        assertThat(lost.foreignEpochs()).isEmpty();
    }

    @Test
    void withTakeOverAtStartTheFirstLookAdoptsAndProtects() throws IOException {
        Engine a = firstTraderEntersBtc();
        a.close();
        exchange.cancel(ACCOUNT, "BTC", stops("BTC").get(0).clientId());
        clock.advanceMillis(5_000);
        Journal lost = journal("lost");
        Ownership ownership = Ownership.start(lost, clock, true);
        engine(lost, ownership);
        assertThat(ownership.status().state()).isEqualTo("owner");
        assertThat(stops("BTC")).as("re-placed by the start-up reconciliation").hasSize(1);
    }

    @Test
    void anOlderTraderWritingAfterThisStartMakesThisOneExitAndItWroteNothing() throws IOException {
        Engine a = firstTraderEntersBtc();
        clock.advanceMillis(5_000);
        Journal second = journal("second");
        Ownership ownership = Ownership.start(second, clock, false);
        List<String> exits = new ArrayList<>();
        ownership.onMustExit(exits::add);
        Engine b = engine(second, ownership);
        assertThat(ownership.status().state()).isEqualTo("held");
        int ordersBefore = exchange.openOrders(ACCOUNT).size();

        // the first trader is alive and places an order after the second started
        strategy.want("ETH", Signal.LONG);
        tick(a);
        assertThat(exits).isEmpty();
        tick(b);
        assertThat(exits).singleElement().asString().contains("is writing to it");
        assertThat(ownership.status().state()).isEqualTo("exiting");
        assertThat(exchange.openOrders(ACCOUNT)).hasSize(ordersBefore + 1); // only the first trader's ETH stop
        assertThat(second.recentOrders(10)).isEmpty();
        // and the first trader sees a newer writer: it stays the owner, untouched
        tick(a);
        assertThat(a.ownership().status().state()).isEqualTo("owner");
    }

    @Test
    void aVenueThatSaysAnIdWasUsedIsNeverSuccessAndNoEntryFollowsUntilReconciled() throws IOException {
        Journal j = journal("j");
        Ownership ownership = Ownership.start(j, clock, false);
        PaperVenue paper = new PaperVenue(exchange, ACCOUNT);
        boolean[] refuse = {true};
        pog.venue.Venue refusing = (pog.venue.Venue) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{pog.venue.Venue.class}, (p, m, args) -> {
                    if (refuse[0] && (m.getName().equals("placeWithStop") || m.getName().equals("place"))) {
                        throw pog.venue.VenueException.clientIdReused("client id " + ((OrderRequest) args[0])
                                .clientId() + " was already used");
                    }
                    try {
                        return m.invoke(paper, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Engine e = new Engine("t", refusing, j, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC", "ETH"), s -> { }, ownership);
        closing.add(e);
        e.reconcile();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        assertThat(exchange.positions(ACCOUNT)).isEmpty();
        assertThat(j.recentOrders(10)).anySatisfy(o -> assertThat(o.status()).isEqualTo("REJECTED"));
        assertThat(ownership.mayOpen()).isFalse();
        assertThat(ownership.status().ok()).isFalse();
        assertThat(ownership.status().detail()).contains("already used");
        assertThat(j.events(10)).anySatisfy(ev -> assertThat(ev.kind()).isEqualTo("client_id_reused"));
    }
}
