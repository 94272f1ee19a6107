package pog.sim;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static pog.sim.Sim.d;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.venue.Order;
import pog.venue.OrderStatus;

class PersistenceTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Sim.T0);

    @Test
    void reopeningAfterACrashRestoresEverythingExactly() {
        Path file = dir.resolve("sim.db");
        Exchange before = Sim.open(file, clock);
        Script.setUp(before);
        for (int i = 0; i < 5; i++) {
            clock.advanceMillis(1000);
            before.advance();
        }
        Script.State expected = Script.state(before);
        before.abandon(); // no shutdown logic: nothing beyond what each call committed

        try (Exchange after = Sim.open(file, clock)) {
            assertThat(Script.state(after)).isEqualTo(expected);
            assertThat(after.openOrders("alice")).extracting(Order::clientId).contains("sl");
        }
    }

    @Test
    void restingStopStillFiresAfterReopen() {
        Path file = dir.resolve("sim.db");
        Exchange before = Sim.open(file, clock);
        Script.setUp(before);
        before.abandon();

        try (Exchange after = Sim.open(file, clock)) {
            after.jump("BTC", d("49900"));

            assertThat(after.positions("alice")).isEmpty();
            assertThat(after.order("alice", "sl").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
            assertThat(after.order("alice", "tp").orElseThrow().rejectReason()).isEqualTo("position closed");
        }
    }

    @Test
    void feedContinuesAfterReopenExactlyAsIfNothingHappened() {
        try (Exchange straight = Sim.open(dir.resolve("straight.db"), clock)) {
            Script.setUp(straight);
            Exchange interrupted = Sim.open(dir.resolve("interrupted.db"), clock);
            Script.setUp(interrupted);
            for (int i = 0; i < 40; i++) {
                straight.step();
                interrupted.step();
            }
            interrupted.abandon();
            try (Exchange resumed = Sim.open(dir.resolve("interrupted.db"), clock)) {
                for (int i = 0; i < 40; i++) {
                    straight.step();
                    resumed.step();
                }
                assertThat(Script.state(resumed)).isEqualTo(Script.state(straight));
                assertThat(resumed.stepCount()).isEqualTo(80);
            }
        }
    }

    @Test
    void aSecondExchangeCannotOpenAFileThatIsInUse() {
        Path file = dir.resolve("sim.db");
        try (Exchange first = Sim.open(file, clock)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sim.open(file, clock))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is already open by another exchange");
        }
    }

    @Test
    void killMinus9WhileSteppingLosesNothingThatWasCommitted() throws Exception {
        Path file = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashDriver.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("READY"));
            assertThat(line).as("child output until READY").isEqualTo("READY");
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-transaction
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Clock fixed = Clock.fixed(Instant.ofEpochMilli(Sim.T0), ZoneOffset.UTC);
        try (Exchange survivor = Exchange.open(Sim.config(), file, fixed);
             Exchange replay = Exchange.open(Sim.config(), dir.resolve("replay.db"), fixed)) {
            long steps = survivor.stepCount();
            assertThat(steps).isGreaterThanOrEqualTo(25);
            Script.setUp(replay);
            for (long i = 0; i < steps; i++) {
                replay.step();
            }
            // The survivor is exactly the replay of the steps it committed: no torn step, no lost fill or order.
            assertThat(Script.state(survivor)).isEqualTo(Script.state(replay));
            List<Order> protective = survivor.openOrders("alice");
            assertThat(protective).allMatch(o -> o.status() == OrderStatus.OPEN);
        }
    }
}
