package pog.lighter.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Side;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator as a real process: kill -9 it while a position and its stop rest, restart it, nothing is lost. */
class KillNineTest {
    @TempDir
    Path dir;
    Process sim;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.destroyForcibly();
        }
    }

    private Process start(int port) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "pog.lighter.sim.SimProcessMain", Integer.toString(port),
                dir.resolve("sim").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/orderBooks")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        return p;
    }

    @Test
    void aKilledSimulatorComesBackWithPositionStopFillsAndNonces() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String key = PrivateKey.generate(new SecureRandom()).revealHex();
        LighterSettings settings = LighterSettings.of("http://127.0.0.1:" + port, 5, 2, null, dir.resolve("client"))
                .withRegisterApiKey(true);
        sim = start(port);
        try (LighterVenue venue = LighterVenue.open(settings, Map.of("LIGHTER_API_KEY", key), Clock.systemUTC())) {
            venue.place(OrderRequest.market("in", "ETH", Side.BUY, new BigDecimal("0.1"), false));
            venue.place(OrderRequest.stopLoss("stop", "ETH", Side.SELL, new BigDecimal("0.1"), new BigDecimal("2900")));
        }
        sim.destroyForcibly().waitFor();

        sim = start(port);
        try (LighterVenue venue = LighterVenue.open(settings, Map.of("LIGHTER_API_KEY", key), Clock.systemUTC())) {
            assertThat(venue.positions()).singleElement().satisfies(p -> assertThat(p.size()).isEqualByComparingTo("0.1"));
            assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop");
            assertThat(venue.place(OrderRequest.market("in", "ETH", Side.BUY, new BigDecimal("0.1"), false)).status())
                    .isEqualTo(OrderStatus.FILLED); // the known order, not a second one
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/faults"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jump\":{\"market_id\":0,\"price\":\"2850\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(venue.positions()).isEmpty();
            List<Fill> fills = venue.fillsSince(0);
            assertThat(fills).extracting(Fill::clientId).containsExactly("in", "stop");
        }
    }
}
