package pog.pm.history;

import pog.common.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.pm.config.HistoryConfig;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EquityHistoryTest {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;

    @TempDir
    Path dir;
    PmDb db;
    EquityHistory history;

    @BeforeEach
    void open() {
        db = new PmDb(dir.resolve("pm.db"));
        // raw for 1 h, per minute up to 1 day, per hour up to 7 days
        history = new EquityHistory(db, new HistoryConfig(5_000L, 1, 1, 7));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void sample(long t, String equity, boolean total) throws Exception {
        Map<String, BigDecimal> per = new LinkedHashMap<>();
        per.put("t1", new BigDecimal(equity));
        history.record(t, per, total ? new BigDecimal(equity) : null);
    }

    @Test
    void shouldReturnTheLastSampleOfEachStepAndTotalsOnlyWhenComplete() throws Exception {
        sample(1_000, "10.0", true);
        sample(4_000, "11.5", true);
        sample(12_000, "12.25", false);
        EquityHistory.Series s = history.query(0, 20_000, 10_000);
        assertThat(s.points()).hasSize(2);
        assertThat(s.points().get(0).t()).isZero();
        assertThat(s.points().get(0).total()).isEqualByComparingTo("11.5");
        assertThat(s.points().get(1).t()).isEqualTo(10_000);
        assertThat(s.points().get(1).total()).as("a trader was unknown then").isNull();
        assertThat(s.points().get(1).services().get("t1")).isEqualByComparingTo("12.25");
    }

    @Test
    void shouldThinOldSamplesToOnePerMinuteThenPerHourThenDropThem() throws Exception {
        long now = 30 * DAY;
        for (int i = 0; i < 12; i++) {
            sample(now - 10 * MIN + i * 5_000, "1", false);   // recent: kept as taken
            sample(now - 3 * HOUR + i * 5_000, "2", false);   // one minute's worth of 5 s samples -> 1
            sample(now - 3 * DAY + i * 5 * MIN, "3", false);  // one hour's worth of 5 min samples -> 1
            sample(now - 9 * DAY + i * 5_000, "4", false);    // past retention -> 0
        }
        history.downsample(now);
        assertThat(history.query(now - 11 * MIN, now, 5_000).points()).hasSize(12);
        assertThat(history.query(now - 4 * HOUR, now - 2 * HOUR, 5_000).points()).hasSize(1);
        assertThat(history.query(now - 4 * DAY, now - 2 * DAY, HOUR).points()).hasSize(1);
        assertThat(history.query(now - 10 * DAY, now - 8 * DAY, HOUR).points()).isEmpty();
    }

    @Test
    void shouldPruneEventsOlderThanTheRetention() throws Exception {
        ManualClock clock = new ManualClock(1_000);
        EventLog events = new EventLog(db, clock);
        events.record("pm", null, "start", null, "old", null);
        clock.advanceMillis(10 * DAY);
        events.record("pm", null, "start", null, "new", null);
        assertThat(events.prune(5 * DAY)).isEqualTo(1);
        assertThat(events.list(0, 0, 10)).extracting(PmEvent::outcome).containsExactly("new");
    }

    @Test
    void shouldRefuseQueriesThatMakeNoSense() {
        assertThatThrownBy(() -> history.query(10, 5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> history.query(0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> history.query(0, DAY, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger step");
    }
}
