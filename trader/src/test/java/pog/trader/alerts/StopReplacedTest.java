package pog.trader.alerts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.alerts.AlertView;
import pog.alerts.AlertsConfig;
import pog.alerts.Notifier;
import pog.common.time.ManualClock;
import pog.trader.journal.Journal;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A missing stop placed again is told once; a resized stop and what came before this start are not. */
class StopReplacedTest {
    @TempDir
    Path dir;
    private Notifier notifier;
    private Journal journal;

    @AfterEach
    void close() {
        notifier.close();
        journal.close();
    }

    @Test
    void tellsEachMissingStopOnceAndNothingRoutine() throws Exception {
        journal = Journal.open(dir.resolve("journal.db"));
        journal.event(1, "stop_replaced", "BTC trigger 58000 (missing)");
        notifier = new Notifier(AlertsConfig.NONE, List.of(), dir.resolve("alerts.db"), new ManualClock(10), "trader t1",
                null);
        StopReplaced stops = new StopReplaced(notifier, journal, "t1");

        journal.event(2, "stop_replaced", "ETH trigger 3000 (size mismatch)");
        journal.event(3, "stop_replaced", "SOL trigger 140 (missing)");
        stops.check();
        stops.check();

        assertThat(notifier.list(10)).extracting(AlertView::title).containsExactly("t1 re-placed a missing stop on SOL");
        assertThat(notifier.list(10).get(0).severity()).isEqualTo("warning");
        assertThat(notifier.list(10).get(0).happened()).endsWith("SOL trigger 140");
    }
}
