package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.wire.Tif;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/**
 * Takers walk the book {@code l2Book} shows: BTC at 60,000 (5 size decimals), so the asks are 60001, 60002, ...
 * Alice holds 1,000,000 USDC so that margin never decides these cases.
 */
class BookWalkTest {
    @TempDir
    Path dir;
    SimHarness h;

    @BeforeEach
    void open() {
        h = new SimHarness(dir, new ManualClock(SimHarness.T0), SimHarness.config().withAccounts(Map.of(
                PrivateKey.fromHex(SimHarness.KEY_A).address().toString(), new BigDecimal("1000000"))));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private JsonNode book() {
        return h.info("{\"type\":\"l2Book\",\"coin\":\"BTC\"}").get("levels");
    }

    private JsonNode fills() {
        return h.info("{\"type\":\"userFills\",\"user\":\"" + h.alice() + "\"}");
    }

    /** A price as a signer must send it: no trailing zeros (the venue hashes the action that way). */
    private static String wire(JsonNode px) {
        return d(px).stripTrailingZeros().toPlainString();
    }

    private static BigDecimal d(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    @Test
    void anIocForSeveralLevelsFillsAtEachShownLevelsPriceAndSize() {
        JsonNode asks = book().get(1);
        BigDecimal first = d(asks.get(0).get("sz"));
        BigDecimal second = d(asks.get(1).get("sz"));
        BigDecimal size = new BigDecimal("2"); // more than the first two levels together (about 1.25 BTC)
        assertThat(first.add(second)).isLessThan(size);

        JsonNode filled = h.ok(h.alice, SimHarness.limit(BTC, true, "60100", "2", Tif.IOC, null))
                .at("/response/data/statuses/0/filled");

        assertThat(filled.get("totalSz").asText()).isEqualTo("2.0");
        List<String> prices = new ArrayList<>();
        BigDecimal notional = BigDecimal.ZERO;
        for (JsonNode f : fills()) {
            prices.add(f.get("px").asText());
            notional = notional.add(d(f.get("px")).multiply(d(f.get("sz"))));
        }
        // newest first in userFills: the deepest level last filled
        assertThat(prices).containsExactlyInAnyOrder(asks.get(0).get("px").asText(), asks.get(1).get("px").asText(),
                asks.get(2).get("px").asText());
        BigDecimal avg = d(filled.get("avgPx"));
        assertThat(avg).isGreaterThan(d(asks.get(0).get("px"))).isLessThan(d(asks.get(2).get("px")));
        assertThat(avg).isEqualByComparingTo(notional.divide(size, 8, RoundingMode.HALF_EVEN));
        JsonNode byPx = fills();
        for (JsonNode f : byPx) {
            if (f.get("px").asText().equals(asks.get(0).get("px").asText())) {
                assertThat(d(f.get("sz"))).isEqualByComparingTo(first);
            }
        }
    }

    @Test
    void anIocLimitedToTheBestAskFillsThatLevelAndTheRestIsCancelledSilently() {
        JsonNode best = book().get(1).get(0);

        JsonNode status = h.ok(h.alice, SimHarness.limit(BTC, true, wire(best.get("px")), "1", Tif.IOC, null))
                .at("/response/data/statuses/0");

        assertThat(status.has("filled")).isTrue();
        assertThat(d(status.at("/filled/totalSz"))).isEqualByComparingTo(d(best.get("sz"))).isLessThan(BigDecimal.ONE);
        assertThat(status.at("/filled/avgPx").asText()).isEqualTo(best.get("px").asText());
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}")).isEmpty();
        long oid = status.at("/filled/oid").asLong();
        assertThat(h.info("{\"type\":\"orderStatus\",\"user\":\"" + h.alice() + "\",\"oid\":" + oid + "}")
                .at("/order/status").asText()).isEqualTo("canceled"); // not iocCancelRejected: it did fill
        JsonNode position = h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}")
                .at("/assetPositions/0/position");
        assertThat(d(position.get("szi"))).isEqualByComparingTo(d(best.get("sz")));
    }

    @Test
    void anIocAtTheMarkReachesNoAskAndGetsTheVenuesText() {
        JsonNode r = h.ok(h.alice, SimHarness.limit(BTC, true, "60000", "0.01", Tif.IOC, null));

        assertThat(r.at("/response/data/statuses/0/error").asText())
                .isEqualTo("Order could not immediately match against any resting orders. asset=0");
        assertThat(fills()).isEmpty();
    }

    @Test
    void aMarketSellAsTheSdksSendItWalksTheBids() {
        // The SDKs' market_open: an IOC at mid x (1 - 5%) rounded to 5 significant figures.
        JsonNode bids = book().get(0);
        JsonNode filled = h.ok(h.alice, SimHarness.limit(BTC, false, "57000", "1", Tif.IOC, null))
                .at("/response/data/statuses/0/filled");

        assertThat(filled.get("totalSz").asText()).isEqualTo("1.0");
        assertThat(d(filled.get("avgPx"))).isLessThan(d(bids.get(0).get("px")))
                .isGreaterThan(d(bids.get(1).get("px")));
        assertThat(fills()).extracting(f -> f.get("px").asText())
                .containsExactlyInAnyOrder(bids.get(0).get("px").asText(), bids.get(1).get("px").asText());
    }

    @Test
    void aCrossingGtcFillsWhatTheBookHasAndRestsTheRemainder() {
        JsonNode best = book().get(1).get(0);
        BigDecimal bestSz = d(best.get("sz"));

        JsonNode status = h.ok(h.alice, SimHarness.limit(BTC, true, wire(best.get("px")), "1", Tif.GTC, null))
                .at("/response/data/statuses/0");

        assertThat(status.has("resting")).isTrue();
        JsonNode open = h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").get(0);
        assertThat(d(open.get("sz"))).isEqualByComparingTo(BigDecimal.ONE.subtract(bestSz));
        assertThat(open.get("origSz").asText()).isEqualTo("1.0");
        assertThat(fills()).singleElement().satisfies(f -> {
            assertThat(f.get("px").asText()).isEqualTo(best.get("px").asText());
            assertThat(f.get("crossed").asBoolean()).isTrue();
        });
    }

    @Test
    void everyFillPriceIsOnTheTickGrid() {
        h.ok(h.alice, SimHarness.limit(BTC, true, "63000", "5", Tif.IOC, null));
        HyperliquidSimConfig.Coin btc = h.sim().markets().byName("BTC");
        assertThat(fills().size()).isGreaterThan(3);
        for (JsonNode f : fills()) {
            assertThat(Markets.validPrice(d(f.get("px")), btc)).as(f.toString()).isTrue();
        }
    }
}
