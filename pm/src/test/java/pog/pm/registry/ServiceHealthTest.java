package pog.pm.registry;

import pog.common.time.ManualClock;
import org.junit.jupiter.api.Test;

import pog.contract.Check;
import pog.contract.Health;
import pog.pm.config.MonitorConfig;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.pm.registry.ServiceState.CONFLICT;
import static pog.pm.registry.ServiceState.CRASH_LOOP;
import static pog.pm.registry.ServiceState.DEGRADED;
import static pog.pm.registry.ServiceState.DOWN;
import static pog.pm.registry.ServiceState.FAILED;
import static pog.pm.registry.ServiceState.HALTED;
import static pog.pm.registry.ServiceState.PAUSED;
import static pog.pm.registry.ServiceState.HEALTHY;
import static pog.pm.registry.ServiceState.STARTING;
import static pog.pm.registry.ServiceState.STOPPED;
import static pog.pm.registry.ServiceState.UNKNOWN;

class ServiceHealthTest {
    // interval 1 s, timeout 800 ms, stale after 5 s, DOWN after 2 failures, 30 s to start
    private final MonitorConfig config = new MonitorConfig(1_000L, 800L, 5_000L, 2, 30_000L, 2_000L, 200L);
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final ServiceHealth health = new ServiceHealth(clock, config);

    private static Health ok(String instance, long pid) {
        Check pass = new Check(true, "fine", 1L);
        return new Health("t1", instance, pid, "1", "sim", "a", 1L, "ok", "s", false, null,
                Map.of("loop", pass, "venue", pass), 2L);
    }

    private static Health failing(String check) {
        Check pass = new Check(true, "fine", 1L);
        return new Health("t1", "i1", 10L, "1", "sim", "a", 1L, "degraded", "s", false, null,
                Map.of("loop", pass, check, new Check(false, "stale 9s", 1L)), 2L);
    }

    @Test
    void shouldRememberHowLongTheProcessThatDiedHadAnswered() {
        health.starting(10L);
        clock.advanceMillis(1_000);
        health.answered(ok("i1", 10), 3);
        clock.advanceMillis(40_000);
        health.answered(ok("i1", 10), 3);
        clock.advanceMillis(500);
        health.failed("connection refused", true);
        assertThat(health.rawState()).isEqualTo(DOWN);
        assertThat(health.answeringForMs()).as("from its first answer to its death").isEqualTo(40_500);
        clock.advanceMillis(60_000);
        assertThat(health.answeringForMs()).as("time spent dead does not count").isEqualTo(40_500);
        health.starting(11L);
        assertThat(health.answeringForMs()).isZero();
    }

    @Test
    void shouldWaitForASilentLiveProcessUnderItsPid() {
        health.waiting(77L, "process 77 started earlier is alive but not answering");
        assertThat(health.rawState()).isEqualTo(DOWN);
        assertThat(health.pid()).as("watched, so its exit ends the wait").isEqualTo(77L);
        assertThat(health.detail()).contains("process 77");
        health.failed("process 77 exited", true);
        assertThat(health.pid()).isNull();
    }

    @Test
    void shouldBeUnknownUntilFirstCheck() {
        assertThat(health.state()).isEqualTo(UNKNOWN);
        assertThat(health.lastCheckAt()).isNull();
        assertThat(health.lastOkAt()).isNull();
    }

    @Test
    void shouldBeHealthyWhenAllChecksPassAndRecordTimes() {
        health.answered(ok("i1", 10), 3);
        assertThat(health.state()).isEqualTo(HEALTHY);
        assertThat(health.lastOkAt()).isEqualTo(clock.millis());
        assertThat(health.lastCheckAt()).isEqualTo(clock.millis());
        assertThat(health.pid()).isEqualTo(10L);
        assertThat(health.instance()).isEqualTo("i1");
        assertThat(health.latencyMs()).isEqualTo(3L);
    }

    @Test
    void shouldBeDegradedWhenACheckInsideFails() {
        health.answered(failing("marketData"), 3);
        assertThat(health.state()).isEqualTo(DEGRADED);
        assertThat(health.detail()).contains("marketData").contains("stale 9s");
    }

    @Test
    void shouldAgeIntoUnknownExactlyAfterTheStalenessBound() {
        health.answered(ok("i1", 10), 3);
        clock.advanceMillis(5_000);
        assertThat(health.state()).isEqualTo(HEALTHY);
        clock.advanceMillis(1);
        assertThat(health.state()).isEqualTo(UNKNOWN);
        assertThat(health.detail()).contains("older than 5000 ms");
        health.answered(ok("i1", 10), 3);
        assertThat(health.state()).isEqualTo(HEALTHY);
    }

    @Test
    void shouldGoDownAfterConfiguredConsecutiveFailures() {
        health.answered(ok("i1", 10), 3);
        long okAt = clock.millis();
        clock.advanceMillis(1_000);
        health.failed("connection refused", false);
        assertThat(health.state()).isEqualTo(HEALTHY);
        assertThat(health.consecutiveFailures()).isEqualTo(1);
        clock.advanceMillis(1_000);
        health.failed("connection refused", false);
        assertThat(health.state()).isEqualTo(DOWN);
        assertThat(health.consecutiveFailures()).isEqualTo(2);
        assertThat(health.lastOkAt()).isEqualTo(okAt);
        assertThat(health.lastCheckAt()).isEqualTo(clock.millis());
    }

    @Test
    void shouldGoDownAtOnceWhenThePidIsGone() {
        health.answered(ok("i1", 10), 3);
        health.failed("connection refused", true);
        assertThat(health.state()).isEqualTo(DOWN);
        assertThat(health.detail()).contains("process 10 is gone");
        assertThat(health.pid()).as("a dead pid is forgotten before the OS reuses it").isNull();
    }

    @Test
    void shouldStayStartingWithinTheStartTimeoutThenGoDown() {
        health.starting(42L);
        assertThat(health.state()).isEqualTo(STARTING);
        clock.advanceMillis(29_999);
        health.failed("connection refused", false);
        health.failed("connection refused", false);
        health.failed("connection refused", false);
        assertThat(health.state()).isEqualTo(STARTING);
        clock.advanceMillis(1);
        health.failed("connection refused", false);
        assertThat(health.state()).isEqualTo(DOWN);
    }

    @Test
    void shouldGoDownWhenAStartedProcessDies() {
        health.starting(42L);
        health.failed("connection refused", true);
        assertThat(health.state()).isEqualTo(DOWN);
    }

    @Test
    void shouldReportAChangedInstance() {
        assertThat(health.answered(ok("i1", 10), 1)).isFalse();
        assertThat(health.answered(ok("i1", 10), 1)).isFalse();
        assertThat(health.answered(ok("i2", 11), 1)).isTrue();
        assertThat(health.pid()).isEqualTo(11L);
    }

    @Test
    void shouldKeepStoppedAndCrashLoopThroughFailedChecks() {
        health.stopped("on purpose");
        health.failed("connection refused", true);
        assertThat(health.state()).isEqualTo(STOPPED);
        clock.advanceMillis(60_000);
        assertThat(health.state()).as("a decision does not go stale").isEqualTo(STOPPED);
        health.crashLoop("5 deaths");
        health.failed("connection refused", false);
        assertThat(health.state()).isEqualTo(CRASH_LOOP);
    }

    @Test
    void shouldBeConflictAndAgeLikeAnyMeasurement() {
        health.conflict("port answered as service 'other'");
        assertThat(health.state()).isEqualTo(CONFLICT);
        clock.advanceMillis(5_001);
        assertThat(health.state()).isEqualTo(UNKNOWN);
    }

    @Test
    void shouldGoDownOnFirstFailureWhenNeverSeen() {
        health.failed("connection refused", false);
        assertThat(health.state()).isEqualTo(DOWN);
    }

    private static Health status(String status, Boolean paused, String haltReason) {
        Check pass = new Check(true, "fine", 1L);
        return new Health("t1", "i1", 10L, "1", "sim", "a", 1L, status, "s", paused, haltReason,
                Map.of("loop", pass), 2L);
    }

    @Test
    void shouldReadARiskHaltAsHaltedWithItsReasonInBothHealthShapes() {
        String why = "daily loss 500.00 of 500.00 USDC since 12:03; positions stay protected";
        for (Health h : List.of(status("halted", false, why), status("halted", null, why))) {
            health.answered(h, 1);
            assertThat(health.state()).isEqualTo(HALTED);
            assertThat(health.detail()).isEqualTo("halted: " + why);
        }
        health.answered(status("halted", true, why), 1);
        assertThat(health.state()).as("a risk halt is the one to act on, even when also paused").isEqualTo(HALTED);
        assertThat(health.detail()).contains(why).contains("also paused");
        health.answered(status("halted", false, null), 1);
        assertThat(health.state()).isEqualTo(HALTED);
        assertThat(health.detail()).contains("no reason given");
    }

    @Test
    void shouldReadAnOperatorPauseAsPausedInBothHealthShapes() {
        for (Health h : List.of(status("paused", true, null), status("paused", null, null),
                status("halted", true, null))) {
            health.answered(h, 1);
            assertThat(health.state()).as(h.status() + " paused=" + h.paused()).isEqualTo(PAUSED);
            assertThat(health.detail()).contains("paused");
        }
        assertThat(PAUSED.answering()).isTrue();
        clock.advanceMillis(5_001);
        assertThat(health.state()).as("measured: it ages like any answer").isEqualTo(UNKNOWN);
    }

    @Test
    void shouldKeepAFailingCheckDegradedEvenWhenHaltedOrPaused() {
        Check bad = new Check(false, "no heartbeat for 9 s", 1L);
        health.answered(new Health("t1", "i1", 10L, "1", "sim", "a", 1L, "degraded", "s", true,
                "daily loss limit 500 reached", Map.of("loop", bad), 2L), 1);
        assertThat(health.state()).isEqualTo(DEGRADED);
        assertThat(health.detail()).contains("no heartbeat").contains("halted: daily loss limit 500 reached");
        health.answered(status("HTTP 503", false, null), 1);
        assertThat(health.state()).isEqualTo(DEGRADED);
        health.answered(status("ok", false, null), 1);
        assertThat(health.state()).isEqualTo(HEALTHY);
    }

    @Test
    void shouldBeFailedForAPermanentExitAndStayFailedThroughChecksUntilANewStart() {
        health.starting(42L);
        health.exited(42L, 2, "config error: t.yaml: venue.keyFile: missing", true);
        assertThat(health.state()).isEqualTo(FAILED);
        assertThat(health.detail()).startsWith("config error: t.yaml: venue.keyFile: missing")
                .contains("exit 2: bad configuration");
        assertThat(health.exitCode()).isEqualTo(2);
        assertThat(health.lastError()).isEqualTo("config error: t.yaml: venue.keyFile: missing");
        assertThat(health.pid()).isNull();
        health.failed("connection refused", true);
        clock.advanceMillis(60_000);
        assertThat(health.state()).as("a decision: it neither goes DOWN nor ages").isEqualTo(FAILED);
        health.starting(43L);
        assertThat(health.state()).isEqualTo(STARTING);
        assertThat(health.exitCode()).isNull();
        assertThat(health.lastError()).isNull();
    }

    @Test
    void shouldNameTheExitCodeAndLineOfACrashInTheDownDetail() {
        health.answered(ok("i1", 10), 1);
        health.exited(10L, 1, "error: venue unreachable", false);
        assertThat(health.state()).as("not noticed by a check yet").isEqualTo(HEALTHY);
        health.failed("connection refused", true);
        assertThat(health.state()).isEqualTo(DOWN);
        assertThat(health.detail()).isEqualTo("process 10 exited with code 1 (failed at run time): error: venue unreachable");
        health.answered(ok("i2", 11), 1);
        assertThat(health.exitCode()).as("a new life").isNull();
    }

    @Test
    void shouldKeepAStoppedTradersExitOutOfItsError() {
        health.answered(ok("i1", 10), 1);
        health.stopped("stopped on purpose (api)");
        health.exited(10L, 0, "event=stopped", false);
        assertThat(health.state()).isEqualTo(STOPPED);
        assertThat(health.lastError()).isNull();
    }

    @Test
    void shouldTellATraderWhoseVenueIsDownFromOneWhoseLoopIsDead() {
        pog.contract.Check pass = new pog.contract.Check(true, "fine", 1L);
        Health venueDown = new Health("t1", "i1", 10L, "1", "sim", "a", 1L, "degraded", "s", false, null,
                Map.of("loop", pass, "venue", new pog.contract.Check(false, "unreachable: HTTP 503", 1L),
                        "protection", pass), 2L);
        Health loopDead = new Health("t1", "i1", 10L, "1", "sim", "a", 1L, "degraded", "s", false, null,
                Map.of("loop", new pog.contract.Check(false, "stalled: 9000 ms", 1L), "venue", pass), 2L);

        assertThat(ServiceHealth.judge(venueDown).state()).isEqualTo(DEGRADED);
        assertThat(ServiceHealth.judge(venueDown).detail())
                .isEqualTo("alive, venue degraded; status degraded: venue: unreachable: HTTP 503");
        assertThat(ServiceHealth.judge(loopDead).detail())
                .isEqualTo("trader loop stalled; status degraded: loop: stalled: 9000 ms");
    }

    @Test
    void aHeldTraderIsHeldWithTheEpochItSawNotDegraded() {
        pog.contract.Check pass = new pog.contract.Check(true, "fine", 1L);
        String owned = "held: orders of epoch 60480000 on the account; placing nothing until a take-over";
        Health held = new Health("t1", "i1", 10L, "1", "sim", "a", 1L, "held", "s", false, null,
                Map.of("loop", pass, "ownership", new pog.contract.Check(false, owned, 1L)), 2L);

        ServiceHealth.Verdict v = ServiceHealth.judge(held);

        assertThat(v.state()).isEqualTo(pog.pm.registry.ServiceState.HELD);
        assertThat(v.state().answering()).as("a held trader is alive: never DOWN, never restarted").isTrue();
        assertThat(v.detail()).startsWith("held: " + owned).contains("--take-over");
    }
}
