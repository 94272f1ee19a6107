package pog.lighter.client;

import org.junit.jupiter.api.Test;
import pog.common.time.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    @Test
    void aMinutesBudgetGoesAtOnceThenOneTokenAtATime() throws Exception {
        ManualClock clock = new ManualClock(0);
        List<Duration> waits = new ArrayList<>();
        RateLimiter limiter = new RateLimiter(60, clock, d -> {
            waits.add(d);
            clock.advance(d);
        });
        for (int i = 0; i < 60; i++) {
            limiter.acquire();
        }
        assertThat(waits).isEmpty();
        limiter.acquire();
        assertThat(waits).containsExactly(Duration.ofMillis(1000));
    }
}
