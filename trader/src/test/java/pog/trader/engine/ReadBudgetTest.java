package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.paper.PaperVenue;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venue with a tight request budget (it asks for one whole-account read every 4.6 s, as Hyperliquid's 1,200 weight
 * a minute does): the trader's timer reads no more often than that, while bars still come every {@code barMillis}
 * from the marks the venue pushes. Time is the manual clock's; the test waits only for the decision thread to have
 * processed each step.
 */
class ReadBudgetTest {
    private static final long READ_EVERY = 4_600;

    @TempDir
    Path dir;

    private final AtomicInteger reads = new AtomicInteger();
    private final List<BigDecimal> barPrices = new CopyOnWriteArrayList<>();
    private EngineRig rig;

    @BeforeEach
    void open() {
        Strategy recording = new Strategy() {
            @Override
            public Signal onBar(String symbol, BigDecimal price, long time) {
                barPrices.add(price);
                return Signal.NONE;
            }

            @Override
            public String describe() {
                return "recording";
            }
        };
        rig = EngineRig.open(dir, recording, 30_000, (method, args, real) -> {
            if (method.equals("readIntervalMillis")) {
                return READ_EVERY;
            }
            if (method.equals("openOrders")) {
                reads.incrementAndGet();
            }
            return real.call();
        }).start();
    }

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void theTimerReadsTheAccountNoMoreOftenThanTheVenuesBudgetAllowsWhileBarsKeepTheirPace() {
        assertThat(rig.engine.readEveryMillis()).isEqualTo(READ_EVERY);
        rig.step(500);
        int atStart = reads.get();
        int barsAtStart = barPrices.size();
        BigDecimal last = null;
        for (int i = 0; i < 46; i++) { // 23 s
            last = new BigDecimal(60_000 + 10 * i);
            rig.exchange.jump("BTC", last); // the venue pushes the new mark
            rig.step(500);
        }
        int timerReads = reads.get() - atStart;
        // 23 s at one read per 4.6 s: 5 reads (one more if a boundary falls on a step), never one a second (23)
        assertThat(timerReads).isBetween(4, 6);
        // bars every second all the same, priced from the pushed marks, not from the last (seconds-old) read
        assertThat(barPrices.size() - barsAtStart).isBetween(22, 24);
        List<BigDecimal> bars = barPrices.subList(barsAtStart, barPrices.size());
        assertThat(new HashSet<>(bars)).as("every bar a new price: read views are 4.6 s apart").hasSize(bars.size());
        // and no bar priced above what was pushed (the last step's bar may still be on its way)
        BigDecimal top = last;
        assertThat(bars).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(top));
    }

    @Test
    void aVenueWithoutABudgetIsReadEveryLoop() {
        try (Engine plain = new Engine("t2", new PaperVenue(rig.exchange, "other"), rig.journal,
                new ScriptedStrategy(), new RiskManager(EngineRig.RISK), rig.clock, 1000, 1000, List.of("BTC"),
                s -> { })) {
            assertThat(plain.readEveryMillis()).isEqualTo(1000);
        }
    }
}
