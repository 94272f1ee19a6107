package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.http.HttpService;
import pog.pm.Procs;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Start-up as DESIGN.md says: adopt what is there, never touch a stranger, start what is missing. */
class PmStartupTest {
    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    @Test
    void shouldAdoptARunningTraderAndStartNothing() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        Process trader = Procs.start(Procs.fakeTraderCommand(port, "t1"), dir.resolve("t1.log"), Map.of());
        PmHarness.awaitAnswering(port, trader, dir.resolve("t1.log"));
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1")) + "    autostart: true\n"
                + "    venue: sim\n    account: acct-1\n");
        h.start();

        JsonNode s = h.service("t1");
        assertThat(s.path("state").asText()).isEqualTo("HEALTHY");
        assertThat(s.path("origin").asText()).isEqualTo("adopted");
        assertThat(s.path("pid").asLong()).isEqualTo(trader.pid());
        assertThat(s.path("instance").asText()).isEqualTo(PmHarness.health(port).path("instance").asText());
        assertThat(h.hasPidFile("t1")).as("nothing launched").isFalse();
        assertThat(PmHarness.countFakeTraders(port)).isEqualTo(1);
        assertThat(h.events()).anySatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("adopt");
            assertThat(e.path("outcome").asText()).isEqualTo("ADOPT");
        });
    }

    @Test
    void shouldReportConflictForStrangersOnTheTraderPortsAndStartNothing() throws Exception {
        h = new PmHarness(dir);
        // another service answering the contract under a different id
        try (HttpService foreign = HttpService.builder().bind("127.0.0.1", 0)
                .get("/api/health", r -> Map.of("service", "someone-else", "instance", "x", "pid", 1))
                .start();
             // something that holds the port and never answers
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int silentPort = silent.getLocalPort();
            h.service("t1", foreign.port(), PmHarness.command(Procs.fakeTraderCommand(foreign.port(), "t1")))
                    .service("t2", silentPort, PmHarness.command(Procs.fakeTraderCommand(silentPort, "t2")));
            h.start();

            assertThat(h.service("t1").path("state").asText()).isEqualTo("CONFLICT");
            assertThat(h.service("t1").path("detail").asText()).contains("someone-else");
            assertThat(h.service("t2").path("state").asText()).isEqualTo("CONFLICT");
            long ticks = h.pm.monitor().ticks();
            await().until(() -> h.pm.monitor().ticks() >= ticks + 5);
            assertThat(h.state("t1")).isEqualTo("CONFLICT");
            assertThat(h.state("t2")).isEqualTo("CONFLICT");
            assertThat(h.hasPidFile("t1")).isFalse();
            assertThat(h.hasPidFile("t2")).isFalse();
            assertThat(PmHarness.countFakeTraders(foreign.port(), silentPort)).isZero();
        }
    }

    @Test
    void shouldStartAnAbsentTraderInItsOwnSessionAndItOutlivesPm() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1")) + "    autostart: true\n");
        h.start();
        assertThat(h.service("t1").path("origin").asText()).isEqualTo("started");
        h.awaitState("t1", "HEALTHY");
        long pid = h.service("t1").path("pid").asLong();
        Procs.track(pid);
        assertThat(h.hasPidFile("t1")).isTrue();
        assertThat(Files.readString(dir.resolve("data/logs/t1.log"))).contains("fake trader t1");
        // setsid: the trader leads its own session, so neither PM's terminal nor PM's process group reaches it
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(fields[3])).as("session id").isEqualTo(pid);
        assertThat(Long.parseLong(fields[2])).as("process group").isEqualTo(pid);

        h.closePm();
        assertThat(Procs.alive(pid)).isTrue();
        assertThat(PmHarness.health(port).path("pid").asLong()).isEqualTo(pid);

        h.start();
        JsonNode s = h.service("t1");
        assertThat(s.path("origin").asText()).isEqualTo("adopted");
        assertThat(s.path("pid").asLong()).isEqualTo(pid);
        assertThat(PmHarness.countFakeTraders(port)).isEqualTo(1);
    }
    @Test
    void shouldNoticeATraderRestartedBySomeoneElseAndLeaveWhenAskedWithoutTouchingIt() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        Process first = Procs.start(Procs.fakeTraderCommand(port, "t1"), dir.resolve("t1.log"), Map.of());
        PmHarness.awaitAnswering(port, first, dir.resolve("t1.log"));
        h.service("t1", port, "    launcher: external\n");
        h.start();
        assertThat(h.service("t1").path("origin").asText()).isEqualTo("external");
        String instance = h.service("t1").path("instance").asText();

        Procs.kill9(first.pid());
        h.awaitState("t1", "DOWN");
        Process second = Procs.start(Procs.fakeTraderCommand(port, "t1"), dir.resolve("t1.log"), Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> h.service("t1").path("pid").asLong() == second.pid());
        assertThat(h.service("t1").path("instance").asText()).isNotEqualTo(instance);
        assertThat(h.service("t1").path("restarts").asInt()).as("external: PM never starts it").isZero();
        await().until(() -> h.events().stream().anyMatch(e -> e.path("action").asText().equals("instance_changed")
                && e.path("detail").asText().contains(instance)));

        PmHarness.Reply bye = h.post("/api/shutdown", "", Procs.TOKEN);
        assertThat(bye.status()).isEqualTo(200);
        assertThat(h.pm.awaitClosed(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(h.statusOf("/api/status")).as("PM is gone").isEqualTo(-1);
        assertThat(second.isAlive()).as("the trader is untouched").isTrue();
        assertThat(PmHarness.health(port).path("pid").asLong()).isEqualTo(second.pid());
    }
}
