package pog.app.watchdog;

import org.junit.jupiter.api.Test;
import pog.common.time.ManualClock;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.app.watchdog.Watchdog.Action.BACKOFF;
import static pog.app.watchdog.Watchdog.Action.CONFLICT;
import static pog.app.watchdog.Watchdog.Action.READY;
import static pog.app.watchdog.Watchdog.Action.STARTED;
import static pog.app.watchdog.Watchdog.Action.STARTING;
import static pog.app.watchdog.Watchdog.Action.START_FAILED;
import static pog.app.watchdog.Watchdog.Action.UNRESPONSIVE;
import static pog.app.watchdog.Watchdog.Action.UP;

/** The watchdog's decisions against a fake port, a fake launcher and a manual clock: no process, no sleep. */
class WatchdogTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private PmProbe.Result port = PmProbe.Result.nothing();
    private OptionalLong lockHolder = OptionalLong.empty();
    private final List<FakePm> launched = new ArrayList<>();
    private IOException launchFailure;
    private final Watchdog watchdog = new Watchdog(() -> port, this::launch, () -> lockHolder, clock,
            Duration.ofSeconds(30));

    private static final class FakePm implements PmStarter.Launched {
        final long pid;
        boolean alive = true;

        FakePm(long pid) {
            this.pid = pid;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public boolean alive() {
            return alive;
        }
    }

    private PmStarter.Launched launch() throws IOException {
        if (launchFailure != null) {
            throw launchFailure;
        }
        FakePm pm = new FakePm(1000 + launched.size());
        launched.add(pm);
        return pm;
    }

    private List<Watchdog.Action> ticks(int n) {
        List<Watchdog.Action> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(watchdog.tick().action());
        }
        return out;
    }

    @Test
    void shouldDoNothingWhenPmAnswers() {
        port = PmProbe.Result.pm(42, "i-1");
        assertThat(ticks(3)).containsExactly(UP, UP, UP);
        assertThat(launched).isEmpty();
    }

    @Test
    void shouldStartPmWhenNothingListensAndReportReadyWithTheTimeItTook() {
        Watchdog.Step started = watchdog.tick();
        assertThat(started.action()).isEqualTo(STARTED);
        assertThat(started.pid()).isEqualTo(1000L);

        clock.advanceMillis(400);
        assertThat(ticks(2)).as("its own start in progress: never a second launch").containsExactly(STARTING, STARTING);
        clock.advanceMillis(1100);
        port = PmProbe.Result.pm(1000, "i-1");
        Watchdog.Step ready = watchdog.tick();

        assertThat(ready.action()).isEqualTo(READY);
        assertThat(ready.tookMs()).isEqualTo(1500L);
        assertThat(ticks(1)).containsExactly(UP);
        assertThat(launched).hasSize(1);
    }

    @Test
    void shouldNeverStartPmWhenSomethingElseAnswersOnItsPort() {
        port = PmProbe.Result.foreign("answers as 'trader-a', not PM");
        assertThat(ticks(3)).containsExactly(CONFLICT, CONFLICT, CONFLICT);
        assertThat(watchdog.tick().detail()).contains("trader-a");
        assertThat(launched).isEmpty();
    }

    @Test
    void shouldCallASilentPortAConflictWhenNoPmHoldsItsLock() {
        port = PmProbe.Result.noAnswer("no answer within 800 ms");
        assertThat(ticks(2)).containsExactly(CONFLICT, CONFLICT);
        assertThat(launched).isEmpty();
    }

    @Test
    void shouldWaitForAPmThatHoldsTheLockButDoesNotListenYetInsteadOfStartingASecondCopy() {
        lockHolder = OptionalLong.of(77);
        Watchdog.Step step = watchdog.tick();
        assertThat(step.action()).isEqualTo(STARTING);
        assertThat(step.pid()).isEqualTo(77L);
        assertThat(watchdog.starting()).as("looks again soon").isTrue();

        port = PmProbe.Result.pm(77, "i-77");
        assertThat(ticks(1)).containsExactly(UP);
        assertThat(launched).isEmpty();
    }

    @Test
    void shouldReportAPmThatHoldsItsPortButDoesNotAnswerAndLeaveItAlone() {
        lockHolder = OptionalLong.of(77);
        port = PmProbe.Result.noAnswer("no answer within 800 ms");
        assertThat(ticks(3)).containsExactly(UNRESPONSIVE, UNRESPONSIVE, UNRESPONSIVE);
        assertThat(launched).isEmpty();
    }

    @Test
    void shouldBackOffAfterAStartedPmExitsBeforeAnsweringAndDoubleTheWaitEachTime() {
        assertThat(ticks(1)).containsExactly(STARTED);
        launched.get(0).alive = false;
        assertThat(ticks(1)).containsExactly(START_FAILED);

        assertThat(ticks(1)).containsExactly(BACKOFF);
        clock.advanceMillis(999);
        assertThat(ticks(1)).containsExactly(BACKOFF);
        clock.advanceMillis(1);
        assertThat(ticks(1)).containsExactly(STARTED);

        launched.get(1).alive = false;
        assertThat(ticks(1)).containsExactly(START_FAILED);
        clock.advanceMillis(1999);
        assertThat(ticks(1)).containsExactly(BACKOFF);
        clock.advanceMillis(1);
        assertThat(ticks(1)).containsExactly(STARTED);
        assertThat(launched).hasSize(3);
    }

    @Test
    void shouldCapTheBackoffAtOneMinute() {
        for (int i = 0; i < 12; i++) {
            assertThat(ticks(1)).containsExactly(STARTED);
            launched.get(i).alive = false;
            assertThat(ticks(1)).containsExactly(START_FAILED);
            clock.advance(Watchdog.MAX_BACKOFF);
        }
        clock.advanceMillis(-1);
        assertThat(ticks(1)).containsExactly(BACKOFF);
        clock.advanceMillis(1);
        assertThat(ticks(1)).containsExactly(STARTED);
    }

    @Test
    void shouldStartAtOnceAfterARunningPmDiesBecauseAnswersResetTheBackoff() {
        assertThat(ticks(1)).containsExactly(STARTED);
        launched.get(0).alive = false;
        assertThat(ticks(2)).containsExactly(START_FAILED, BACKOFF);
        clock.advanceMillis(1000);
        assertThat(ticks(1)).containsExactly(STARTED);
        port = PmProbe.Result.pm(1001, "i");
        assertThat(ticks(1)).containsExactly(READY);

        // killed: the next look starts it again, with no backoff left over
        port = PmProbe.Result.nothing();
        assertThat(ticks(1)).containsExactly(STARTED);
    }

    @Test
    void shouldCountAStartThatNeverAnswersAsFailedButNeverStartASecondCopyWhileItLives() {
        assertThat(ticks(1)).containsExactly(STARTED);
        clock.advance(Duration.ofSeconds(30));
        assertThat(ticks(1)).containsExactly(STARTING);
        clock.advanceMillis(1);
        lockHolder = OptionalLong.of(1000);
        Watchdog.Step failed = watchdog.tick();
        assertThat(failed.action()).isEqualTo(START_FAILED);
        assertThat(failed.detail()).contains("did not answer within 30000 ms");

        clock.advance(Duration.ofMinutes(5));
        assertThat(ticks(2)).containsExactly(STARTING, STARTING);
        assertThat(launched).hasSize(1);
    }

    @Test
    void shouldTreatALaunchThatThrowsAsAFailedStart() {
        launchFailure = new IOException("setsid: No such file");
        Watchdog.Step step = watchdog.tick();
        assertThat(step.action()).isEqualTo(START_FAILED);
        assertThat(step.detail()).contains("could not launch: setsid: No such file");
        assertThat(ticks(1)).containsExactly(BACKOFF);
    }

    @Test
    void shouldAcceptAnotherPmThatWonThePortWhileItsOwnStartLost() {
        assertThat(ticks(1)).containsExactly(STARTED);
        launched.get(0).alive = false;
        port = PmProbe.Result.pm(555, "someone-else");
        Watchdog.Step step = watchdog.tick();
        assertThat(step.action()).isEqualTo(UP);
        assertThat(step.pid()).isEqualTo(555L);
    }

    @Test
    void shouldReportOnlyChangesSoALoopLogsOneLinePerChange() {
        port = PmProbe.Result.pm(42, "i");
        List<Watchdog.Action> reported = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Watchdog.Step s = watchdog.tick();
            if (watchdog.report(s)) {
                reported.add(s.action());
            }
        }
        port = PmProbe.Result.nothing();
        for (int i = 0; i < 4; i++) {
            Watchdog.Step s = watchdog.tick();
            if (watchdog.report(s)) {
                reported.add(s.action());
            }
        }
        port = PmProbe.Result.pm(1000, "i2");
        for (int i = 0; i < 3; i++) {
            Watchdog.Step s = watchdog.tick();
            if (watchdog.report(s)) {
                reported.add(s.action());
            }
        }
        port = PmProbe.Result.pm(2000, "i3");
        if (watchdog.report(watchdog.tick())) {
            reported.add(UP);
        }
        assertThat(reported).as("a PM that goes on answering after READY is no news; a new one is")
                .containsExactly(UP, STARTED, STARTING, READY, UP);
    }
}
