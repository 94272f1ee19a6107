package pog.pm.registry;

import pog.common.time.ManualClock;
import org.junit.jupiter.api.Test;

import pog.pm.config.RestartConfig;
import pog.pm.config.RestartMode;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.pm.registry.RestartPlanner.Decision.Kind.CRASH_LOOP;
import static pog.pm.registry.RestartPlanner.Decision.Kind.GIVE_UP;
import static pog.pm.registry.RestartPlanner.Decision.Kind.NONE;
import static pog.pm.registry.RestartPlanner.Decision.Kind.RESTART;

class RestartPlannerTest {
    private final ManualClock clock = new ManualClock(0);

    @Test
    void shouldRestartTheFirstDeathAfterAQuietSpellAtOnce() {
        RestartPlanner p = new RestartPlanner(clock, RestartConfig.DEFAULT);
        assertThat(p.onDeath()).isEqualTo(new RestartPlanner.Decision(RESTART, 0, 1));
        clock.advanceMillis(600_001);
        assertThat(p.onDeath()).as("the earlier death aged out").isEqualTo(new RestartPlanner.Decision(RESTART, 0, 1));
    }

    @Test
    void shouldBackOffExponentiallyUpToTheCapForDeathsInQuickSuccession() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.ON_FAILURE, 500L, 3_000L, 10, 600_000L));
        assertThat(p.onDeath().delayMs()).isEqualTo(0);
        assertThat(p.onDeath()).isEqualTo(new RestartPlanner.Decision(RESTART, 500, 2));
        assertThat(p.onDeath().delayMs()).isEqualTo(1_000);
        assertThat(p.onDeath().delayMs()).isEqualTo(2_000);
        assertThat(p.onDeath().delayMs()).isEqualTo(3_000);
        assertThat(p.onDeath().delayMs()).isEqualTo(3_000);
    }

    @Test
    void shouldKeepRetryingInACrashLoopWithinMaxBackoff() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.ON_FAILURE, 100L, 1_000L, 3, 60_000L));
        assertThat(p.onDeath().kind()).isEqualTo(RESTART);
        clock.advanceMillis(10_000);
        assertThat(p.onDeath().kind()).isEqualTo(RESTART);
        clock.advanceMillis(10_000);
        assertThat(p.onDeath()).isEqualTo(new RestartPlanner.Decision(CRASH_LOOP, 200, 3));
        for (int i = 0; i < 20; i++) {
            RestartPlanner.Decision d = p.onDeath();
            assertThat(d.kind()).isEqualTo(CRASH_LOOP);
            assertThat(d.restarts()).isTrue();
            assertThat(d.delayMs()).isLessThanOrEqualTo(1_000);
        }
    }

    @Test
    void shouldGiveUpOnlyWhenConfiguredTo() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.ON_FAILURE, 100L, 1_000L, 2, 60_000L, 4));
        assertThat(p.onDeath().kind()).isEqualTo(RESTART);
        assertThat(p.onDeath().kind()).isEqualTo(CRASH_LOOP);
        assertThat(p.onDeath().kind()).isEqualTo(CRASH_LOOP);
        assertThat(p.onDeath()).isEqualTo(new RestartPlanner.Decision(GIVE_UP, 0, 4));
    }

    @Test
    void shouldForgetDeathsOlderThanTheWindow() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.ON_FAILURE, 100L, 1_000L, 3, 60_000L));
        p.onDeath();
        p.onDeath();
        clock.advanceMillis(60_001);
        RestartPlanner.Decision d = p.onDeath();
        assertThat(d.kind()).isEqualTo(RESTART);
        assertThat(d.deathsInWindow()).isEqualTo(1);
        assertThat(d.delayMs()).as("at once again").isEqualTo(0);
    }

    @Test
    void shouldTreatADeathAfterAStableRunAsAFirstDeath() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.ON_FAILURE, 500L, 30_000L, 3, 600_000L,
                null, 30_000L));
        p.onDeath(1_000);
        assertThat(p.onDeath(1_000)).isEqualTo(new RestartPlanner.Decision(RESTART, 500, 2));
        assertThat(p.onDeath(29_999)).isEqualTo(new RestartPlanner.Decision(CRASH_LOOP, 1_000, 3));
        assertThat(p.onDeath(30_000)).as("it ran healthy for stableAfterMs").isEqualTo(new RestartPlanner.Decision(RESTART, 0, 1));
    }

    @Test
    void shouldNeverRestartWithPolicyNever() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.NEVER, null, null, null, null));
        assertThat(p.onDeath().kind()).isEqualTo(NONE);
    }

    @Test
    void shouldStartOverAfterAnExplicitReset() {
        RestartPlanner p = new RestartPlanner(clock, new RestartConfig(RestartMode.ON_FAILURE, 100L, 1_000L, 2, 60_000L));
        p.onDeath();
        p.reset();
        assertThat(p.onDeath()).isEqualTo(new RestartPlanner.Decision(RESTART, 0, 1));
    }
}
