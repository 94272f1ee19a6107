package pog.trader;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.auth.ControlToken;
import pog.common.fs.DirLock;
import pog.common.json.Json;
import pog.trader.config.TraderConfig;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole trader in this JVM: identity, stream, metrics, and the single-instance lock. */
class TraderServiceTest {
    private static final ControlToken ENV = ControlToken.of("test-token-0123456789abcdef");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private TraderConfig config() {
        String yaml = """
                service: trader-test
                port: 0
                dataDir: %s
                loopMillis: 200
                venue: {type: paper, account: acct-7, tickMillis: 100}
                """.formatted(dir.resolve("data"));
        return TraderConfig.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8), TestVenues.PAPER);
    }

    private JsonNode get(TraderService t, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    @Test
    void healthSaysWhoThisProcessIs() throws Exception {
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "9.9.9", ENV, Clock.systemUTC())) {
            JsonNode h = get(t, "/api/health");
            assertThat(h.get("service").asText()).isEqualTo("trader-test");
            assertThat(h.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(h.get("version").asText()).isEqualTo("9.9.9");
            assertThat(h.get("venue").asText()).isEqualTo("paper");
            assertThat(h.get("account").asText()).isEqualTo("acct-7");
            assertThat(h.get("instance").asText()).isEqualTo(t.identity().instance());
            assertThat(h.at("/checks/protection/ok").asBoolean()).isTrue();
        }
    }

    @Test
    void everyStartIsANewInstance() throws Exception {
        String first;
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ENV, Clock.systemUTC())) {
            first = t.identity().instance();
        }
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ENV, Clock.systemUTC())) {
            assertThat(t.identity().instance()).isNotEqualTo(first);
        }
    }

    @Test
    void secondInstanceOnTheSameDataDirIsRefused() throws Exception {
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ENV, Clock.systemUTC())) {
            assertThatThrownBy(() -> TraderService.start(config(), TestVenues.PAPER, "1", ENV, Clock.systemUTC()))
                    .isInstanceOf(DirLock.LockedException.class);
            assertThat(get(t, "/api/health").get("instance").asText()).isEqualTo(t.identity().instance());
        }
    }

    @Test
    void streamSendsHealthAccountAndPositionsAndKeepsGoing() throws Exception {
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ENV, Clock.systemUTC())) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port()
                    + "/api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
            Set<String> events = new HashSet<>();
            int healthEvents = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                // at least three health events (it keeps going), and until the first read's account and positions
                // came (a loaded machine may take seconds for it); a stream that never sends them fails at 30
                while ((healthEvents < 3 || !events.containsAll(Set.of("account", "positions"))) && healthEvents < 30
                        && (line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        String e = line.substring(7);
                        events.add(e);
                        if (e.equals("health")) {
                            healthEvents++;
                        }
                    }
                }
            }
            assertThat(events).contains("health", "account", "positions");
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ENV, Clock.systemUTC())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.body()).contains("pog_trader_unprotected_positions 0").contains("pog_trader_stops_replaced_total");
        }
    }
}
