package pog.trader.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pog.trader.journal.Journal;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.venue.OrderType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal listens to the engine's events and hears them first: whatever a listener is told, the journal has
 * already kept (the intent of an order said to be sent, the venue's answer, a cancel, a replaced stop, a pause), and
 * the facts only the journal keeps ({@link EngineEvent.Record}) are never told to a listener (the API stream and the
 * metrics see what they saw before). Inline venue calls, manual clock.
 */
class JournalListensTest {
    @RegisterExtension
    final InlineRig rig = new InlineRig();

    private Journal.JournalOrder kept(String clientId) {
        return rig.journal.recentOrders(1000).stream().filter(o -> o.clientId().equals(clientId)).findFirst()
                .orElse(null);
    }

    private boolean logged(String kind) {
        return rig.journal.events(1000).stream().anyMatch(ev -> ev.kind().equals(kind));
    }

    @Test
    void everyFactAListenerHearsIsAlreadyInTheJournal() {
        Asking strategy = new Asking();
        Engine engine = rig.engine(rig.paper(), strategy, null);
        List<EngineEvent> heard = new ArrayList<>();
        List<String> notYetKept = new ArrayList<>();
        engine.listen(ev -> {
            heard.add(ev);
            if (ev instanceof EngineEvent.OrderSent s && kept(s.clientId()) == null) {
                notYetKept.add("intent of " + s);
            } else if (ev instanceof EngineEvent.Acknowledged a && !a.status().equals("ATTACHED")
                    && !a.status().equals(kept(a.clientId()).status())) {
                notYetKept.add("answer " + a + ", journal says " + kept(a.clientId()).status());
            } else if (ev instanceof EngineEvent.Cancelled c && !"CANCELLED".equals(kept(c.clientId()).status())) {
                notYetKept.add("cancel " + c);
            } else if (ev instanceof EngineEvent.StopReplaced r && !logged("stop_replaced")) {
                notYetKept.add("replaced stop " + r);
            } else if (ev instanceof EngineEvent.Paused p && !"true".equals(rig.journal.meta("paused", "false"))) {
                notYetKept.add("pause " + p);
            } else if (ev instanceof EngineEvent.Filled f
                    && rig.journal.fillsSince(0, 1000).stream().noneMatch(k -> f.clientId().equals(k.clientId()))) {
                notYetKept.add("fill " + f);
            }
        });

        strategy.wanted = Intent.target("BTC", Signal.LONG);
        rig.tick(engine);
        rig.tick(engine);
        assertThat(rig.btc()).as("the entry filled").isNotNull();
        // the stop is taken off the venue by hand: the trader replaces it
        String stop = rig.stops().get(0).clientId();
        rig.exchange.cancel(InlineRig.ACCOUNT, "BTC", stop);
        rig.tick(engine);
        rig.tick(engine);
        // flat: the position's stop covers nothing and is cancelled
        engine.flatten("test");
        for (int i = 0; i < 4; i++) {
            rig.tick(engine);
        }
        assertThat(rig.btc()).isNull();
        assertThat(rig.exchange.openOrders(InlineRig.ACCOUNT)).noneMatch(o -> o.type() == OrderType.STOP_MARKET);
        // a limit entry rests above the market; a pause cancels it
        engine.resume("test");
        BigDecimal above = rig.exchange.marks().get("BTC").multiply(new BigDecimal("1.02")).setScale(0,
                RoundingMode.UP);
        strategy.wanted = new Intent("BTC", Signal.SHORT, null, null, null, above);
        rig.tick(engine);
        rig.tick(engine);
        assertThat(rig.exchange.openOrders(InlineRig.ACCOUNT)).anyMatch(o -> o.type() == OrderType.LIMIT_GTC);
        engine.pause("test");
        rig.tick(engine);
        rig.tick(engine);
        assertThat(rig.exchange.openOrders(InlineRig.ACCOUNT)).noneMatch(o -> o.type() == OrderType.LIMIT_GTC);

        assertThat(heard).as("what the test meant to see").hasAtLeastOneElementOfType(EngineEvent.OrderSent.class)
                .hasAtLeastOneElementOfType(EngineEvent.Acknowledged.class)
                .hasAtLeastOneElementOfType(EngineEvent.Filled.class)
                .hasAtLeastOneElementOfType(EngineEvent.StopReplaced.class)
                .hasAtLeastOneElementOfType(EngineEvent.Paused.class)
                .hasAtLeastOneElementOfType(EngineEvent.Cancelled.class);
        assertThat(notYetKept).as("told before the journal kept it").isEmpty();
        assertThat(heard).as("records are the journal's alone").noneMatch(ev -> ev instanceof EngineEvent.Record);
        // and the journal kept the story in its own words, in order
        List<String> kinds = new ArrayList<>(rig.journal.events(1000).stream().map(Journal.Event::kind).toList());
        java.util.Collections.reverse(kinds); // newest first as read
        assertThat(kinds).containsSubsequence("reconciled", "entry", "stop_replaced", "paused", "flatten",
                "resumed", "entry", "paused");
    }
}
