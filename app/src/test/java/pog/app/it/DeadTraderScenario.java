package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Venue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The venue's stop outlives the trader, on either venue's simulator ({@link VenueSim}), both real processes speaking
 * the venue's protocol: a trader opens a position and its stop rests on the venue (read there by the venue's own
 * client on the account, not from the trader), the trader is killed, the mark moves through the stop and the venue
 * closes the position by itself, and a new trader comes back to a flat account with the stop's fill journaled.
 */
final class DeadTraderScenario {
    private DeadTraderScenario() {
    }

    static void run(VenueSim venue, Path work) throws Exception {
        Path data = work.resolve("data");
        try (VenueSim.Simulator sim = venue.start(work, "sim")) {
            VenueSim.Account account = venue.account(work, 0);
            JsonNode position;
            BigDecimal stop;
            try (PogProcess trader = PogProcess.start(work, "trader-1",
                    List.of("trader", "--config", config(work, venue, sim, account, "fast", false).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Http.Reply r = Http.get(base + "/api/positions");
                    return r.status() == 200 && r.json().size() == 1 && r.json().get(0).get("protected").asBoolean();
                });
                Http.post(base + "/api/pause", PogProcess.TOKEN, null);
                position = Http.get(base + "/api/positions").json().get(0);
                stop = Http.decimal(position.get("stopPrice"));
                assertThat(Http.get(base + "/api/orders").json()).singleElement().satisfies(o -> {
                    assertThat(o.get("type").asText()).isEqualTo("STOP_MARKET");
                    assertThat(o.get("reduceOnly").asBoolean()).isTrue();
                    assertThat(Http.decimal(o.get("triggerPrice"))).isEqualByComparingTo(stop);
                });
                // the stop rests on the venue itself, not only in the trader's memory
                try (Venue outsider = venue.outsider(sim, account, work)) {
                    List<Order> resting = outsider.openOrders();
                    assertThat(resting).as(sim.accountState(account)).anySatisfy(o -> {
                        assertThat(o.type()).isEqualTo(OrderType.STOP_MARKET);
                        assertThat(o.reduceOnly()).isTrue();
                        assertThat(o.triggerPrice()).isEqualByComparingTo(stop);
                    });
                }
                trader.kill9();
            }

            // nobody is watching: the mark moves through the stop and the venue closes the position by itself
            boolean isLong = position.get("side").asText().equals("long");
            BigDecimal through = (isLong ? stop.multiply(new BigDecimal("0.98")) : stop.multiply(new BigDecimal("1.02")))
                    .setScale(0, RoundingMode.HALF_UP);
            sim.faults(venue.jump("BTC", through));
            try (Venue outsider = venue.outsider(sim, account, work)) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> outsider.positions().stream().allMatch(p -> p.size().signum() == 0));
            }

            try (PogProcess trader = PogProcess.start(work, "trader-2",
                    List.of("trader", "--config", config(work, venue, sim, account, "quiet", true).toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(data, trader);
                await().atMost(Duration.ofSeconds(60)).until(() -> List.of("paused", "halted")
                        .contains(Http.get(base + "/api/health").json().path("status").asText()));
                // journal and venue agree: flat, no stop left behind, and the stop's fill journaled
                assertThat(Http.get(base + "/api/positions").json()).isEmpty();
                assertThat(Http.get(base + "/api/orders").json()).isEmpty();
                try (Venue outsider = venue.outsider(sim, account, work)) {
                    assertThat(outsider.openOrders()).as("orders left on the venue").isEmpty();
                    assertThat(outsider.positions()).as("positions left on the venue")
                            .allSatisfy((Position p) -> assertThat(p.size().signum()).isZero());
                }
                JsonNode fills = Http.get(base + "/api/fills?since=0").json();
                assertThat(fills).anySatisfy(f -> assertThat(f.get("side").asText()).isEqualTo(isLong ? "SELL" : "BUY"));
                assertThat(Files.readString(data.resolve("trader.log"))).contains("event=reconciled positions=0");
            }
        }
    }

    /** A trader that trades at once ({@code quiet} false: a fast crossover) or never (quiet: it only reconciles). */
    private static Path config(Path work, VenueSim venue, VenueSim.Simulator sim, VenueSim.Account account, String name,
                               boolean quiet) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                service: trader-%s
                port: 0
                dataDir: data
                loopMillis: 300
                %sstrategy: {symbols: [BTC], barMillis: 300, fastPeriod: %d, slowPeriod: %d, minSpreadBps: %s}
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(venue == VenueSim.HYPERLIQUID ? "hl" : "lighter", venue.venueYaml(sim, account),
                quiet ? 1000 : 2, quiet ? 100000 : 4, quiet ? "100000" : "0"));
        return file;
    }
}
