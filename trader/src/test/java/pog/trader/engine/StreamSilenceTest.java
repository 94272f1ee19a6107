package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mark stream falls silent while its connection looks up: the trader asks its venue to reconnect and resubscribe
 * (once per silence, not on every round), reads a REST snapshot to fill the gap, and does it again if the stream,
 * back for a while, falls silent again. Time is the manual clock's.
 */
class StreamSilenceTest {
    private static final long SILENCE = 5_000;

    @TempDir
    Path dir;

    private final List<String> resyncs = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    /** When set, the venue cannot reconnect: resync throws this. */
    private volatile RuntimeException resyncRefusal;
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private EngineRig rig;

    @BeforeEach
    void open() {
        rig = EngineRig.open(dir, new ScriptedStrategy(), SILENCE, (method, args, real) -> {
            if (method.equals("resync")) {
                resyncs.add((String) args[0]);
                if (resyncRefusal != null) {
                    throw resyncRefusal;
                }
                return null;
            }
            if (method.equals("openOrders")) {
                reads.incrementAndGet();
            }
            return real.call();
        });
        rig.engine.listen(events::add);
        rig.start();
    }

    @AfterEach
    void close() {
        rig.close();
    }

    private void speak() {
        rig.exchange.jump("BTC", new BigDecimal("60000").add(BigDecimal.valueOf(rig.clock.millis() % 1000)));
    }

    @Test
    void aSilentMarkStreamIsReconnectedOncePerSilenceAndTheGapFilledFromRest() {
        speak();
        rig.step(1000);
        assertThat(resyncs).isEmpty();
        for (int i = 0; i < 5; i++) {
            rig.step(1000);
        }
        // 6 s without a mark (bound 5 s): one resync, and a REST read right away
        await().atMost(Duration.ofSeconds(20)).until(() -> resyncs.size() == 1);
        assertThat(resyncs.get(0)).startsWith("mark stream silent for ");
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.StreamSilent).hasSize(1);
        assertThat(venueCheck()).contains("mark stream silent for ")
                .contains("(reconnecting and resubscribing; REST snapshots fill the gap meanwhile)");
        int readsAfterResync = reads.get();
        for (int i = 0; i < 5; i++) {
            rig.step(1000);
        }
        // still silent: no reconnect storm, but the REST reads go on
        assertThat(resyncs).hasSize(1);
        assertThat(reads.get()).isGreaterThan(readsAfterResync);

        speak();
        for (int i = 0; i < 7; i++) {
            rig.step(1000);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> resyncs.size() == 2);
    }

    @Test
    void aReconnectTheVenueCannotMakeIsSaidInTheVenueCheck() {
        resyncRefusal = new pog.venue.VenueException("socket factory closed", false);
        speak();
        for (int i = 0; i < 7; i++) {
            rig.step(1000);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> resyncs.size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> rig.engine.resyncFailure() != null);
        assertThat(venueCheck()).contains("(reconnecting failed: socket factory closed; REST snapshots fill the gap "
                + "meanwhile)");

        // the stream speaks again: the failure is no longer the venue check's to tell
        resyncRefusal = null;
        speak();
        rig.step(1000);
        await().atMost(Duration.ofSeconds(20)).until(() -> rig.engine.resyncFailure() == null);
        assertThat(venueCheck()).doesNotContain("mark stream silent");
    }

    private String venueCheck() {
        return new HealthChecks(new HealthChecks.Bounds(2_000, 1_000, 0.2, 5, SILENCE), 1000)
                .judge(rig.engine, rig.clock.millis()).get("venue").detail();
    }
}
