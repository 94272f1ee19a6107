package pog.pm.api;

import org.junit.jupiter.api.Test;
import pog.common.http.ApiException;
import pog.common.json.Json;
import pog.pm.control.RestartResult;
import pog.pm.control.StartOutcome;
import pog.pm.control.StartResult;
import pog.pm.control.StopMethod;
import pog.pm.control.StopOutcome;
import pog.pm.control.StopResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The controller says what happened as enums; the API alone turns them into HTTP answers, with the same words and
 * statuses the CLI and the dashboard have always read.
 */
class ControlAnswersTest {
    private static StartResult start(StartOutcome o) {
        return new StartResult("t1", o, 42L, "HEALTHY", "detail of " + o.wire());
    }

    private static StopResult stop(StopOutcome o) {
        return new StopResult("t1", o, StopMethod.API, 42L, null, "detail of " + o.wire(), 5);
    }

    private static ApiException refused(Runnable r) {
        return catchThrowableOfType(ApiException.class, r::run);
    }

    @Test
    void aStartThatLeftTheTraderRunningIsAnsweredWithItsOutcomeWord() {
        assertThat(PmApi.answer(start(StartOutcome.STARTED)).outcome()).isEqualTo(StartOutcome.STARTED);
        assertThat(Json.write(PmApi.answer(start(StartOutcome.ADOPTED)))).contains("\"outcome\":\"adopted\"");
    }

    @Test
    void aFailedStartIs500AndEveryOtherRefusalA409WithTheControllersDetail() {
        ApiException failed = refused(() -> PmApi.answer(start(StartOutcome.FAILED)));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).isEqualTo("start failed");
        assertThat(failed.detail()).isEqualTo("detail of failed");
        for (StartOutcome o : new StartOutcome[] {StartOutcome.ALREADY_RUNNING, StartOutcome.CONFLICT,
                StartOutcome.REFUSED, StartOutcome.BUSY}) {
            ApiException e = refused(() -> PmApi.answer(start(o)));
            assertThat(e.status()).as(o.wire()).isEqualTo(409);
            assertThat(e.detail()).isEqualTo("detail of " + o.wire());
        }
    }

    @Test
    void aStopIsOkWhenNothingRunsAfterItA409ForAnExternalServiceElse500() {
        assertThat(Json.write(PmApi.answer(stop(StopOutcome.ALREADY_STOPPED))))
                .contains("\"outcome\":\"already-stopped\"", "\"method\":\"api\"");
        assertThat(PmApi.answer(stop(StopOutcome.STOPPED)).gone()).isTrue();
        assertThat(refused(() -> PmApi.answer(stop(StopOutcome.SKIPPED))).status()).isEqualTo(409);
        ApiException failed = refused(() -> PmApi.answer(stop(StopOutcome.FAILED)));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).isEqualTo("stop failed");
    }

    @Test
    void aRestartSaysHowFarItGot() {
        RestartResult done = new RestartResult("t1", stop(StopOutcome.STOPPED), start(StartOutcome.STARTED));
        assertThat(Json.write(PmApi.answer(done))).startsWith("{\"id\":\"t1\",\"stop\":{").doesNotContain("REFUSED");
        ApiException external = refused(() -> PmApi.answer(new RestartResult("t1", null, null)));
        assertThat(external.status()).isEqualTo(409);
        assertThat(external.detail()).isEqualTo("external service: PM never starts or stops it");
        ApiException stuck = refused(() -> PmApi.answer(new RestartResult("t1", stop(StopOutcome.FAILED), null)));
        assertThat(stuck.status()).isEqualTo(500);
        assertThat(stuck.detail()).isEqualTo("could not stop t1: detail of failed");
        ApiException noStart = refused(() -> PmApi.answer(new RestartResult("t1", stop(StopOutcome.STOPPED),
                start(StartOutcome.FAILED))));
        assertThat(noStart.error()).isEqualTo("restart failed");
        assertThat(noStart.detail()).isEqualTo("stopped, but the start failed: detail of failed");
    }
}
