package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;
import pog.pm.Procs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What PM shows is measured and dated: a trader it cannot see is "unknown", never its last numbers. */
class PmPortfolioTest {
    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    @Test
    void shouldAggregateAndShowADeadTraderAsUnknownNeverAsCurrent() throws Exception {
        h = new PmHarness(dir);
        int p1 = Procs.freePort();
        int p2 = Procs.freePort();
        Process t1 = Procs.start(Procs.fakeTraderCommand(p1, "t1", "--equity", "1000.25", "--positions", "2", "--unprotected"),
                dir.resolve("t1.log"), Map.of());
        Process t2 = Procs.start(Procs.fakeTraderCommand(p2, "t2", "--equity", "500.50", "--venue", "lighter"),
                dir.resolve("t2.log"), Map.of());
        PmHarness.awaitAnswering(p1, t1, dir.resolve("t1.log"));
        PmHarness.awaitAnswering(p2, t2, dir.resolve("t2.log"));
        h.service("t1", p1, PmHarness.command(Procs.fakeTraderCommand(p1, "t1")) + "    venue: sim\n")
                .service("t2", p2, PmHarness.command(Procs.fakeTraderCommand(p2, "t2")) + "    venue: lighter\n"
                        + PmHarness.restart(100, 3, "never"));
        h.start();

        await().atMost(Duration.ofSeconds(10)).until(() ->
                h.get("/api/portfolio").body().path("total").path("complete").asBoolean());
        JsonNode pf = h.get("/api/portfolio").body();
        assertThat(pf.path("total").path("equity").asText()).isEqualTo("1500.75");
        assertThat(pf.path("positions")).hasSize(3);
        assertThat(pf.path("unprotectedPositions").asInt()).isEqualTo(2);
        JsonNode pos = pf.path("positions").get(0);
        assertThat(pos.path("service").asText()).isEqualTo("t1");
        assertThat(pos.path("symbol").asText()).isEqualTo("BTC");
        assertThat(pos.path("size").asText()).isEqualTo("0.010");
        assertThat(pos.path("protected").asBoolean()).isFalse();
        assertThat(pos.path("stale").asBoolean()).isFalse();
        assertThat(pos.path("observedAt").asLong()).isPositive();
        assertThat(h.state("t1")).as("a position without a stop degrades the trader").isEqualTo("DEGRADED");

        // equity history: sampled every 300 ms in this test
        await().atMost(Duration.ofSeconds(10)).until(() -> lastPoint(h).hasNonNull("total"));
        JsonNode point = lastPoint(h);
        assertThat(new BigDecimal(point.path("total").asText())).isEqualByComparingTo("1500.75");
        assertThat(point.path("services").path("t2").asText()).isEqualTo("500.50");

        // metrics
        String metrics = h.getText("/metrics");
        assertThat(metrics).contains("pog_pm_service_state{service=\"t2\",state=\"HEALTHY\"} 1.0");
        assertThat(metrics).contains("pog_pm_unprotected_positions{service=\"t1\"} 2.0");
        assertThat(metrics).contains("pog_pm_equity{service=\"total\"} 1500.75");
        assertThat(metrics).contains("pog_pm_restarts_total{service=\"t1\"} 0.0");
        assertThat(metrics).contains("pog_pm_check_latency_seconds{service=\"t1\"}");

        Procs.kill9(t2.pid());
        h.awaitState("t2", "DOWN");
        JsonNode after = h.get("/api/portfolio").body();
        assertThat(after.path("total").path("equity").asText()).isEqualTo("unknown");
        assertThat(after.path("total").path("complete").asBoolean()).isFalse();
        assertThat(new BigDecimal(after.path("total").path("knownEquity").asText())).isEqualByComparingTo("1000.25");
        assertThat(after.path("total").path("unknownServices").get(0).asText()).isEqualTo("t2");
        JsonNode t2Equity = after.path("traders").get(1);
        assertThat(t2Equity.path("service").asText()).isEqualTo("t2");
        assertThat(t2Equity.path("equity").asText()).isEqualTo("unknown");
        assertThat(t2Equity.path("stale").asBoolean()).isTrue();
        assertThat(t2Equity.path("lastKnownEquity").asText()).isEqualTo("500.50");
        List<JsonNode> t2Positions = new ArrayList<>();
        after.path("positions").forEach(p -> {
            if (p.path("service").asText().equals("t2")) {
                t2Positions.add(p);
            }
        });
        assertThat(t2Positions).isNotEmpty().allSatisfy(p -> assertThat(p.path("stale").asBoolean()).isTrue());
        assertThat(h.getText("/metrics")).doesNotContain("pog_pm_equity{service=\"total\"}")
                .doesNotContain("pog_pm_equity{service=\"t2\"}");
        assertThat(h.service("t2").path("restarts").asInt()).as("restart.policy never").isZero();
    }

    private static JsonNode lastPoint(PmHarness h) throws Exception {
        JsonNode points = h.get("/api/equity/history?step=1000").body().path("points");
        return points.size() == 0 ? Json.mapper().createObjectNode() : points.get(points.size() - 1);
    }

    @Test
    void shouldStreamHeartbeatsAndServiceChanges() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        h.service("t1", port, "    launcher: external\n");
        h.start();
        assertThat(h.get("/api/status").body().path("service").asText()).isEqualTo("pm");

        HttpResponse<java.io.InputStream> r = PmHarness.HTTP.send(HttpRequest.newBuilder(
                URI.create(h.baseUrl + "/api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (seen) {
                        seen.add(line);
                        if (seen.contains("event: heartbeat") && seen.contains("event: services")
                                && seen.contains("event: portfolio")) {
                            return;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(seen).contains("event: heartbeat", "event: services", "event: portfolio");
        r.body().close();
    }
}
