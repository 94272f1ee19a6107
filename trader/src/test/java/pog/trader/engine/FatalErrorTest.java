package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.trader.strategy.Signal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JVM error on the engine's threads (here: a class that no longer loads, as when the jar is rewritten under a
 * running process) is never swallowed: neither a venue call that dies without an answer nor a timer cancelled in
 * silence, which left a process that looked alive and decided nothing. The engine hands it to its fatal handler
 * (the trader stops and exits 70 for its supervisor to restart it).
 */
class FatalErrorTest {
    @TempDir
    Path dir;

    private final AtomicBoolean breakReads = new AtomicBoolean();
    private final AtomicBoolean breakStrategy = new AtomicBoolean();
    private final List<Error> fatal = new CopyOnWriteArrayList<>();
    private EngineRig rig;

    private void open() {
        ScriptedStrategy strategy = new ScriptedStrategy() {
            @Override
            public Signal onBar(String symbol, BigDecimal price, long time) {
                if (breakStrategy.get()) {
                    throw new NoClassDefFoundError("pog/trader/Gone");
                }
                return super.onBar(symbol, price, time);
            }
        };
        rig = EngineRig.open(dir, strategy, 30_000, (method, args, real) -> {
            if (method.equals("openOrders") && breakReads.get()) {
                throw new NoClassDefFoundError("pog/venue/Gone");
            }
            return real.call();
        });
        rig.engine.onFatal(fatal::add);
        rig.start();
    }

    @AfterEach
    void close() {
        rig.close();
    }

    /** Steps the clock until the fatal handler has been called (a step's wait ends early once it has). */
    private void untilFatal() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            rig.clock.advanceMillis(1000);
            long at = rig.clock.millis();
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.engine.lastProcessedAt() >= at || !fatal.isEmpty());
            return !fatal.isEmpty();
        });
    }

    @Test
    void anErrorInAVenueCallReachesTheFatalHandlerInsteadOfLeavingTheReadUnanswered() {
        open();
        breakReads.set(true);
        untilFatal();
        assertThat(fatal.get(0)).isInstanceOf(NoClassDefFoundError.class).hasMessage("pog/venue/Gone");
    }

    @Test
    void anErrorOnTheDecisionThreadReachesTheFatalHandlerInsteadOfCancellingTheTimerInSilence() {
        open();
        breakStrategy.set(true);
        untilFatal();
        assertThat(fatal.get(0)).hasMessage("pog/trader/Gone");
    }
}
