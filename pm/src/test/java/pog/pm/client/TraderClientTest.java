package pog.pm.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pog.common.auth.ControlToken;
import pog.common.http.HttpService;
import pog.common.http.Response;
import pog.contract.PositionView;
import pog.pm.Procs;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trader contract as PM reads it, pinned against small in-process servers. */
class TraderClientTest {
    private final TraderClient client = new TraderClient(Duration.ofSeconds(2), ControlToken.of(Procs.TOKEN));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void shouldClassifyWhatAnswersOnAPort() throws Exception {
        try (HttpService trader = HttpService.builder().bind("127.0.0.1", 0)
                .get("/api/health", r -> Map.of("service", "t1", "instance", "i1", "pid", 42, "venue", "sim",
                        "account", "a", "status", "ok",
                        "checks", Map.of("loop", Map.of("ok", true, "detail", "fine", "observedAt", 1)), "time", 2))
                .get("/api/positions", r -> List.of(Map.of("symbol", "BTC", "side", "long", "size", new BigDecimal("0.5"),
                        "stopPrice", new BigDecimal("58000"), "protected", true, "observedAt", 3)))
                .get("/api/account", r -> Map.of("equity", new BigDecimal("1000.10"), "observedAt", 4))
                .start();
             HttpService web = HttpService.builder().bind("127.0.0.1", 0)
                     .get("/api/health", r -> Response.text("text/html", "<html>hello</html>")).start();
             HttpService sick = HttpService.builder().bind("127.0.0.1", 0)
                     .get("/api/health", r -> Response.status(503, "application/json",
                             "{\"service\":\"t1\",\"instance\":\"i1\",\"status\":\"ok\"}".getBytes())).start();
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {

            HealthProbe ok = client.health(trader.baseUrl()).join();
            assertThat(ok.kind()).isEqualTo(HealthProbe.Kind.ANSWERED);
            assertThat(ok.health().pid()).isEqualTo(42L);
            assertThat(ok.health().checks().get("loop").ok()).isTrue();

            assertThat(client.health(web.baseUrl()).join().kind()).isEqualTo(HealthProbe.Kind.FOREIGN);
            HealthProbe degraded = client.health(sick.baseUrl()).join();
            assertThat(degraded.kind()).isEqualTo(HealthProbe.Kind.ANSWERED);
            assertThat(degraded.health().status()).isEqualTo("HTTP 503");
            assertThat(client.health("http://127.0.0.1:" + silent.getLocalPort()).join().kind())
                    .isEqualTo(HealthProbe.Kind.NO_ANSWER);
            int free = Procs.freePort();
            assertThat(client.health("http://127.0.0.1:" + free).join().kind()).isEqualTo(HealthProbe.Kind.NOTHING);

            PositionView p = client.positions(trader.baseUrl()).join().get(0);
            assertThat(p.protectedByStop()).isTrue();
            assertThat(p.size()).isEqualByComparingTo("0.5");
            assertThat(p.entryPrice()).isNull();
            assertThat(client.account(trader.baseUrl()).join().equity()).isEqualByComparingTo("1000.10");
        }
    }
}
