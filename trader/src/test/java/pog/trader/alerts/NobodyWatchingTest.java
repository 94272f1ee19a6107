package pog.trader.alerts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.alerts.AlertView;
import pog.alerts.AlertsConfig;
import pog.alerts.Notifier;
import pog.common.time.ManualClock;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The silence threshold, exactly, with a manual clock. */
class NobodyWatchingTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_764_000_000_000L);
    private Notifier notifier;

    @AfterEach
    void close() {
        notifier.close();
    }

    private NobodyWatching watching() throws Exception {
        notifier = new Notifier(new AlertsConfig(null, List.of(), 300_000L, null, 0L, null, null, null, null, null), List.of(),
                dir.resolve("alerts.db"), clock, "trader t1", null);
        return new NobodyWatching(notifier, "t1", 300_000, clock);
    }

    @Test
    void raisesOnceWhenNoPollCameForTheThresholdAndResolvesAtTheNextPoll() throws Exception {
        NobodyWatching w = watching();

        clock.advanceMillis(200_000);
        w.polled("pm");
        clock.advanceMillis(299_999);
        w.check();
        assertThat(notifier.list(10)).isEmpty();

        clock.advanceMillis(1);
        w.check();
        clock.advanceMillis(60_000);
        w.check();
        List<AlertView> alerts = notifier.list(10);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo("t1: nobody is watching it");
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.state()).isEqualTo("open");
            assertThat(a.happened()).contains("(300 s, threshold 300 s)");
        });

        w.polled("pm");
        assertThat(notifier.list(10)).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo("resolved"));
        assertThat(w.raised()).isFalse();
    }

    @Test
    void countsFromStartWhenNoPmEverPolled() throws Exception {
        NobodyWatching w = watching();

        clock.advanceMillis(300_000);
        w.check();

        assertThat(w.raised()).isTrue();
    }
}
