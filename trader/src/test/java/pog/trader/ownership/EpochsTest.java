package pog.trader.ownership;

import org.junit.jupiter.api.Test;
import pog.common.time.ManualClock;
import pog.venue.ClientId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochsTest {
    private static final long DEC_2026 = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

    @Test
    void anEpochIsTheStartSecondAndNeverOneTheJournalKnows() {
        long epoch = Epochs.next(DEC_2026, List.of());
        assertThat(Epochs.startOf(epoch)).isEqualTo(Instant.parse("2026-12-03T12:00:00Z"));
        // restarted in the same second, or with the clock stepped back: past the newest known
        assertThat(Epochs.next(DEC_2026, List.of(epoch))).isEqualTo(epoch + 1);
        assertThat(Epochs.next(DEC_2026 - 3_600_000, List.of(epoch))).isEqualTo(epoch + 1);
    }

    @Test
    void epochsNeverRepeatOverManyRestartsEvenFasterThanTheClock() {
        Set<Long> known = new HashSet<>();
        List<Long> seen = new ArrayList<>();
        long now = DEC_2026;
        for (int i = 0; i < 2_000; i++) {
            long e = Epochs.next(now, known);
            assertThat(known.add(e)).as("restart " + i).isTrue();
            seen.add(e);
            now += i % 3 == 0 ? 0 : 700; // some restarts within the same second
        }
        assertThat(seen).isSorted();
    }

    @Test
    void aJournalLostDoesNotRepeatAnEpochOfAnEarlierSecond() {
        long before = Epochs.next(DEC_2026, List.of());
        assertThat(Epochs.next(DEC_2026 + 1_000, List.of())).isGreaterThan(before);
    }

    @Test
    void aClockBefore2025IsRefusedRatherThanMakingIdsThatCouldRepeat() {
        assertThatThrownBy(() -> Epochs.next(Instant.parse("2024-06-01T00:00:00Z").toEpochMilli(), List.of()))
                .hasMessageContaining("before 2025");
    }

    @Test
    void aSequenceThatRunsOutTakesAFreshEpochAndTellsItFirst() {
        ManualClock clock = new ManualClock(DEC_2026);
        List<Long> told = new ArrayList<>();
        long first = Epochs.next(clock.millis(), List.of());
        IdSource ids = new IdSource(first, clock, told::add);
        Set<ClientId> handed = new HashSet<>();
        for (long i = 0; i < ClientId.MAX_SEQUENCE + 5; i++) {
            assertThat(handed.add(ids.next())).isTrue();
        }
        assertThat(told).containsExactly(first + 1);
        assertThat(ids.epoch()).isEqualTo(first + 1);
    }
}
