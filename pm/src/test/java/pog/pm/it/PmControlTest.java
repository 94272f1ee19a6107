package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.pm.Procs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping a trader happens only by an explicit, token-guarded, audited act, and is confirmed. */
class PmControlTest {
    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    private Process trader(int port, String id, String... extra) throws Exception {
        Process p = Procs.start(Procs.fakeTraderCommand(port, id, extra), dir.resolve(id + ".log"), Map.of());
        return p;
    }

    @Test
    void shouldSayNotCleanNamingWhatAStopLeftUnprotectedAndWhere() throws Exception {
        h = new PmHarness(dir);
        int p1 = Procs.freePort();
        int p2 = Procs.freePort();
        Process t1 = trader(p1, "t1", "--unprotected");
        Process t2 = trader(p2, "t2", "--positions", "2");
        PmHarness.awaitAnswering(p1, t1, dir.resolve("t1.log"));
        PmHarness.awaitAnswering(p2, t2, dir.resolve("t2.log"));
        h.service("t1", p1, PmHarness.command(Procs.fakeTraderCommand(p1, "t1")))
                .service("t2", p2, PmHarness.command(Procs.fakeTraderCommand(p2, "t2")));
        h.start();

        PmHarness.Reply r = h.post("/api/services/stop-all", "{\"flatten\": false}", Procs.TOKEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("allStopped").asBoolean()).isTrue();
        assertThat(r.body().path("clean").asBoolean()).isFalse();
        assertThat(r.body().path("summary").asText()).as("whole answer: %s", r.body())
                .isEqualTo("NOT CLEAN: t1: 1 of 1 position(s) left on sim without a full stop: BTC long 0.010 with 0 covered by stops");
        List<String> each = new ArrayList<>();
        r.body().path("results").forEach(x -> each.add(x.path("id").asText() + " " + x.path("clean").asText() + " "
                + x.path("leftBehind").asText()));
        assertThat(each).containsExactlyInAnyOrder(
                "t1 false 1 of 1 position(s) left on sim without a full stop: BTC long 0.010 with 0 covered by stops",
                "t2 true 2 position(s) left on sim, each with its stop resting");
        assertThat(h.events()).anySatisfy(e -> {
            assertThat(e.path("service").asText()).isEqualTo("t1");
            assertThat(e.path("detail").asText()).contains("NOT CLEAN: 1 of 1 position(s) left on sim");
        });
        assertThat(h.events()).anySatisfy(e -> assertThat(e.path("detail").asText()).contains("; NOT CLEAN: t1: "));

        // a stop of one trader says the same
        Process t3 = trader(p2, "t2");
        PmHarness.awaitAnswering(p2, t3, dir.resolve("t2.log"));
        PmHarness.Reply one = h.post("/api/services/t2/stop", "{\"flatten\": false}", Procs.TOKEN);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("clean").asBoolean()).isTrue();
        assertThat(one.body().path("leftBehind").asText()).isEqualTo("1 position(s) left on sim, each with its stop resting");
    }

    @Test
    void shouldStopAllTradersFlattenedAndReportEachOnlyWithTheToken() throws Exception {
        h = new PmHarness(dir);
        int p1 = Procs.freePort();
        int p2 = Procs.freePort();
        Process t1 = trader(p1, "t1", "--positions", "2");
        Process t2 = trader(p2, "t2");
        PmHarness.awaitAnswering(p1, t1, dir.resolve("t1.log"));
        PmHarness.awaitAnswering(p2, t2, dir.resolve("t2.log"));
        h.service("t1", p1, PmHarness.command(Procs.fakeTraderCommand(p1, "t1")))
                .service("t2", p2, PmHarness.command(Procs.fakeTraderCommand(p2, "t2")));
        h.start();

        // without the token, or with a wrong one: 401 and nothing happens
        for (String token : new String[]{null, "wrong-token-0123456789"}) {
            PmHarness.Reply denied = h.post("/api/services/stop-all", "{\"flatten\": true}", token);
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.body().path("error").asText()).isEqualTo("unauthorized");
            assertThat(h.post("/api/services/t1/stop", "", token).status()).isEqualTo(401);
            assertThat(h.post("/api/services/t1/restart", "", token).status()).isEqualTo(401);
            assertThat(h.post("/api/shutdown", "", token).status()).isEqualTo(401);
        }
        assertThat(t1.isAlive()).isTrue();
        assertThat(t2.isAlive()).isTrue();
        assertThat(h.state("t1")).isEqualTo("HEALTHY");
        assertThat(h.events()).noneMatch(e -> e.path("kind").asText().equals("audit"));
        assertThat(h.get("/api/status").body().path("monitor").asText()).isEqualTo("running");
        assertThat(h.service("t1").path("venue").asText()).as("not configured: as the trader reports it").isEqualTo("sim");

        PmHarness.Reply r = h.post("/api/services/stop-all", "{\"flatten\": true}", Procs.TOKEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("allStopped").asBoolean()).isTrue();
        List<String> report = new ArrayList<>();
        r.body().path("results").forEach(x -> report.add(x.path("id").asText() + "=" + x.path("outcome").asText()
                + "/" + x.path("method").asText() + "/flattened=" + x.path("flattened").asText()));
        assertThat(report).containsExactlyInAnyOrder("t1=stopped/api/flattened=true", "t2=stopped/api/flattened=true");
        r.body().path("results").forEach(x -> {
            assertThat(x.path("clean").asBoolean()).isTrue();
            assertThat(x.path("leftBehind").asText()).isEqualTo("flat on sim");
        });
        assertThat(r.body().path("clean").asBoolean()).isTrue();
        assertThat(r.body().path("summary").asText()).isEqualTo("CLEAN: 2 trader(s) stopped, all flat");
        // the report is sent only after each process is confirmed gone (exited: at most a zombie its parent, this
        // test, has not reaped yet)
        assertThat(pog.common.proc.Liveness.alive(t1.pid())).isFalse();
        assertThat(pog.common.proc.Liveness.alive(t2.pid())).isFalse();
        assertThat(t1.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(t1.exitValue()).isZero();
        assertThat(h.state("t1")).isEqualTo("STOPPED");
        assertThat(h.state("t2")).isEqualTo("STOPPED");

        long ticks = h.pm.monitor().ticks();
        await().until(() -> h.pm.monitor().ticks() >= ticks + 5);
        assertThat(h.state("t1")).as("stopped on purpose stays stopped").isEqualTo("STOPPED");
        assertThat(h.service("t1").path("restarts").asInt()).isZero();
        assertThat(PmHarness.countFakeTraders(p1, p2)).isZero();

        List<JsonNode> audits = h.events().stream().filter(e -> e.path("kind").asText().equals("audit")).toList();
        assertThat(audits).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("stop-all+flatten");
            assertThat(e.path("remote").asText()).isEqualTo("127.0.0.1");
            assertThat(e.path("outcome").asText()).isEqualTo("all-stopped");
            assertThat(e.path("time").asLong()).isPositive();
        });
        assertThat(audits).anySatisfy(e -> {
            assertThat(e.path("service").asText()).isEqualTo("t1");
            assertThat(e.path("outcome").asText()).isEqualTo("stopped");
        });

        // an explicit start brings it back
        PmHarness.Reply started = h.post("/api/services/t2/start", "", Procs.TOKEN);
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body().path("outcome").asText()).isEqualTo("started");
        h.awaitState("t2", "HEALTHY");
        Procs.track(h.service("t2").path("pid").asLong());
        PmHarness.Reply again = h.post("/api/services/t2/start", "", Procs.TOKEN);
        assertThat(again.status()).as("never a second copy").isEqualTo(409);
        long pid2 = h.service("t2").path("pid").asLong();
        assertThat(PmHarness.countFakeTraders(p2)).as(() -> "pid " + pid2 + " alive=" + Procs.alive(pid2) + " cmd="
                + ProcessHandle.of(pid2).flatMap(p -> p.info().commandLine()).orElse("?") + " args="
                + ProcessHandle.of(pid2).flatMap(p -> p.info().arguments()).map(java.util.Arrays::toString).orElse("?")
                + " log=" + readQuietly(dir.resolve("data/logs/t2.log"))).isEqualTo(1);
    }

    @Test
    void shouldFallBackToSigtermOnlyWhenATraderIgnoresAnExplicitStop() throws Exception {
        h = new PmHarness(dir);
        h.extra = "stop:\n  graceMs: 500\n  termMs: 5000\n";
        int port = Procs.freePort();
        Process t = trader(port, "t1", "--ignore-shutdown");
        PmHarness.awaitAnswering(port, t, dir.resolve("t1.log"));
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1")));
        h.start();
        h.awaitState("t1", "HEALTHY");

        PmHarness.Reply r = h.post("/api/services/t1/stop", "{}", Procs.TOKEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("outcome").asText()).isEqualTo("stopped");
        assertThat(r.body().path("method").asText()).isEqualTo("sigterm");
        assertThat(pog.common.proc.Liveness.alive(t.pid())).isFalse();
        assertThat(h.state("t1")).isEqualTo("STOPPED");
    }

    @Test
    void shouldAnswerMalformedRequestsWithA4xxJsonError() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        h.service("t1", port, "    launcher: external\n");
        h.start();
        String tk = Procs.TOKEN;

        assertError(h.post("/api/services/stop-all", "{not json", tk), 400);
        assertError(h.post("/api/services/stop-all", "[1,2]", tk), 400);
        assertError(h.post("/api/services/stop-all", "{\"flatten\": \"yes\"}", tk), 400);
        assertError(h.post("/api/services/stop-all", "{\"flaten\": true}", tk), 400);
        assertError(h.post("/api/services/nope/start", "", tk), 404);
        assertError(h.post("/api/services/nope/stop", "", tk), 404);
        assertError(h.post("/api/services/t1/start", "", tk), 409);
        assertError(h.post("/api/services/t1/stop", "", tk), 409);
        assertError(h.get("/api/services/nope"), 404);
        assertError(h.get("/api/nothing-here"), 404);
        assertError(h.get("/api/equity/history?from=abc"), 400);
        assertError(h.get("/api/equity/history?from=2000&to=1000"), 400);
        assertError(h.get("/api/equity/history?from=0&to=100000000&step=1"), 400);
        assertError(h.get("/api/events?limit=0"), 400);
        assertError(h.post("/api/services/stop-all", "{}", tk, Map.of("Origin", "http://evil.example")), 403);
        assertError(h.post("/api/services", "{}", tk), 405);
        assertThat(h.events()).noneMatch(e -> e.path("outcome").asText().equals("all-stopped"));
    }

    private static String readQuietly(Path f) {
        try {
            return java.nio.file.Files.readString(f);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void assertError(PmHarness.Reply r, int status) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().path("error").asText()).isNotBlank();
        assertThat(r.body().has("detail")).isTrue();
        assertThat(r.body().toString()).doesNotContain("Exception").doesNotContain("at pog.");
    }
}
