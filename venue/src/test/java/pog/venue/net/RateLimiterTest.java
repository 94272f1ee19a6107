package pog.venue.net;

import org.junit.jupiter.api.Test;
import pog.common.time.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private final ManualClock clock = new ManualClock(1_000_000);
    private final List<Duration> waits = new ArrayList<>();
    // Waiting moves the clock: the test sees exactly how long the limiter would have slept.
    private final RateLimiter limiter = new RateLimiter(1200, clock, d -> {
        waits.add(d);
        clock.advance(d);
    });

    @Test
    void aMinutesBudgetGoesAtOnceThenRefillsAtTwentyPerSecond() throws Exception {
        for (int i = 0; i < 60; i++) {
            limiter.acquire(20); // 60 meta-sized requests = 1200
        }
        assertThat(waits).isEmpty();

        limiter.acquire(20);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        limiter.acquire(2);
        assertThat(waits.get(1)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void extraWeightFromAnAnswerDelaysTheNextRequest() throws Exception {
        limiter.acquire(1200);
        limiter.charge(100); // a userFillsByTime answer of 2000 fills
        limiter.acquire(1);
        assertThat(waits).containsExactly(Duration.ofMillis(5050));
    }

    @Test
    void aClockSteppedBackRefillsNothing() throws Exception {
        limiter.acquire(1200);
        clock.advanceMillis(-60_000);
        limiter.acquire(20);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void readsLeaveTheLastTenthOfTheBudgetToWritesSoAStopNeverWaitsBehindThem() throws Exception {
        for (int i = 0; i < 54; i++) {
            limiter.acquireRead(20); // 1080 of 1200: the reads' share
        }
        assertThat(waits).isEmpty();
        // the next read waits for the bucket to refill above the reserve; a write does not
        limiter.acquire(20);
        limiter.acquire(20);
        assertThat(waits).isEmpty();
        limiter.acquireRead(20);
        // 80 tokens left, the reserve is 120: a read of 20 needs 60 more = 3 s at 20 a second
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void everyWaitIsCountedAsTheThreadsOwnPacingNotTheVenuesTime() throws Exception {
        Pacing pacing = Pacing.current();
        pacing.reset();
        limiter.acquire(1200);
        assertThat(pacing.pacedMillis()).isZero();
        limiter.acquire(20);
        limiter.acquire(2);
        assertThat(pacing.pacedMillis()).isEqualTo(1100);
        pacing.reset();
        assertThat(pacing.pacedMillis()).isZero();
        // another thread's pacing is its own
        Thread other = new Thread(() -> Pacing.current().add(5));
        other.start();
        other.join();
        assertThat(pacing.pacedMillis()).isZero();
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999_999);
        assertThat(low.delay(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(high.delay(0)).isEqualTo(Duration.ofMillis(99));
        assertThat(low.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(high.delay(10)).isEqualTo(Duration.ofMillis(999));
    }
}
