package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.Signature;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every action body we send, byte for byte against fixtures written from the Python SDK's {@code Exchange}
 * ({@code _post_action}: action, nonce, signature, vaultAddress, expiresAfter), with the signature recovered to
 * the signing key's address as the venue does.
 */
class HyperliquidWireTest {
    @TempDir
    Path dir;
    private FakeHyperliquid fake;
    private TestVenues venues;
    private HyperliquidVenue venue;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeHyperliquid(Network.TESTNET);
        fake.expectedSigner = TestVenues.SIGNER;
        fake.user = TestVenues.SIGNER.toString();
        venues = new TestVenues(dir);
        venue = venues.open(fake);
        // Its first gap-fill is done once streaming: later queries are the test's own.
        Await.until("the stream is up", venue::streaming);
    }

    @AfterEach
    void stop() throws Exception {
        venue.close();
        fake.close();
    }

    @Test
    void aGtcLimitOrderIsSentAsTheSdkSendsIt() throws Exception {
        Order order = venue.place(OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"),
                new BigDecimal("3100.5")));

        assertBody(onlyExchangeBody(), "example-order-limit-gtc.json", TestVenues.SIGNER);
        assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(order.orderId()).isEqualTo(String.valueOf(fake.orders.get(0).oid));
        assertThat(order.clientId()).isEqualTo("entry-1");
    }

    @Test
    void aStopIsAReduceOnlyMarketTriggerWithTheFrontEndsTenPercentLimit() throws Exception {
        Order order = venue.place(OrderRequest.stopLoss("stop-1", "BTC", Side.SELL, new BigDecimal("0.01"),
                new BigDecimal("60000")));

        assertBody(onlyExchangeBody(), "example-order-stop-market.json", TestVenues.SIGNER);
        assertThat(order.type()).isEqualTo(OrderType.STOP_MARKET);
        assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(venue.openOrders()).singleElement().satisfies(o -> {
            assertThat(o.clientId()).isEqualTo("stop-1");
            assertThat(o.type()).isEqualTo(OrderType.STOP_MARKET);
            assertThat(o.triggerPrice()).isEqualByComparingTo("60000");
            assertThat(o.reduceOnly()).isTrue();
            assertThat(o.side()).isEqualTo(Side.SELL);
        });
    }

    @Test
    void aMarketOrderIsAnIocFivePercentThroughTheMid() throws Exception {
        Order order = venue.place(OrderRequest.market("mkt-1", "BTC", Side.BUY, new BigDecimal("0.001"), false));

        assertBody(onlyExchangeBody(), "example-order-market.json", TestVenues.SIGNER);
        assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(order.filledSize()).isEqualByComparingTo("0.001");
    }

    @Test
    void cancelByCloidNamesTheAssetAndTheCloidOfTheClientId() throws Exception {
        assertThat(venue.cancel("ETH", "entry-1")).isFalse();
        assertBody(onlyExchangeBody(), "example-cancel-by-cloid.json", TestVenues.SIGNER);
    }

    @Test
    void batchModifyNamesTheOrderByCloidAndCancelByOidByAssetAndOid() throws Exception {
        venue.place(OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"), new BigDecimal("3100.5")));
        Order moved = venue.modify("entry-1", OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"),
                new BigDecimal("3101")));
        assertThat(moved.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(venue.cancelByOid("ETH", Long.parseLong(moved.orderId()))).isTrue();

        assertThat(fake.exchangeBodies).hasSize(3);
        assertBody(fake.exchangeBodies.get(1), "example-batch-modify.json", TestVenues.SIGNER);
        JsonNode cancel = fake.exchangeBodies.get(2).get("action");
        assertThat(HyperliquidRest.write(cancel)).isEqualTo(
                "{\"type\":\"cancel\",\"cancels\":[{\"a\":1,\"o\":" + moved.orderId() + "}]}");
    }

    @Test
    void updateLeverageBody() throws Exception {
        venue.updateLeverage("BTC", 10, true);
        assertBody(onlyExchangeBody(), "example-update-leverage.json", TestVenues.SIGNER);
    }

    @Test
    void scheduleCancelWithATimeAndWithout() throws Exception {
        venue.scheduleCancel(TestVenues.T0 + 60_000);
        venue.scheduleCancel(null);

        assertBody(fake.exchangeBodies.get(0), "example-schedule-cancel.json", TestVenues.SIGNER);
        assertBody(fake.exchangeBodies.get(1), "example-schedule-cancel-clear.json", TestVenues.SIGNER);
    }

    @Test
    void infoRequestsHaveTheSdksShapes() {
        venue.place(OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"), new BigDecimal("3100.5")));
        venue.fillsSince(0);

        List<String> bodies = fake.infoBodies.stream().map(HyperliquidRest::write).toList();
        String user = TestVenues.SIGNER.toString();
        assertThat(bodies).contains(
                "{\"type\":\"meta\",\"dex\":\"\"}",
                "{\"type\":\"allMids\",\"dex\":\"\"}",
                "{\"type\":\"orderStatus\",\"user\":\"" + user + "\",\"oid\":\"0xe17069d2becc0791c8bf2b3a01e11ef6\"}",
                "{\"type\":\"userFillsByTime\",\"user\":\"" + user
                        + "\",\"startTime\":0,\"endTime\":null,\"aggregateByTime\":false}");
    }

    @Test
    void anAgentKeySignsWhileInfoAsksAboutTheMainAccount() throws Exception {
        venue.close();
        fake.infoBodies.clear();
        String main = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
        venue = venues.open(venues.settings(fake, main, Duration.ofSeconds(2)));

        venue.place(OrderRequest.limit("entry-1", "ETH", Side.BUY, new BigDecimal("0.5"), new BigDecimal("3100.5")));

        assertThat(venue.accountId()).isEqualTo(main);
        assertThat(venue.signerAddress()).isEqualTo(TestVenues.SIGNER.toString());
        assertThat(fake.infoBodies).filteredOn(b -> b.has("user"))
                .allSatisfy(b -> assertThat(b.get("user").asText()).isEqualTo(main));
        assertBody(onlyExchangeBody(), "example-order-limit-gtc.json", TestVenues.SIGNER);
    }

    @Test
    void aVaultIsSignedIntoTheActionAndIsTheUserOfEveryQuery() throws Exception {
        venue.close();
        String vault = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
        venue = venues.open(venues.settings(fake, null, vault, Duration.ofSeconds(2), null));

        venue.updateLeverage("BTC", 10, true);

        JsonNode body = onlyExchangeBody();
        assertThat(body.get("vaultAddress").asText()).isEqualTo(vault);
        L1Action signed = L1Action.fromRequestBody(body);
        assertThat(signed.vaultAddress()).isEqualTo(Address.of(vault));
        assertThat(L1Verifier.recover(signed, Network.TESTNET, Signature.fromJson(body.get("signature"))))
                .contains(TestVenues.SIGNER);
        assertThat(venue.accountId()).isEqualTo(vault);
        venue.account();
        // the stream's gap-fill (userFillsByTime) may ask at any moment, so look for the account query itself
        JsonNode last = fake.infoBodies.stream().filter(b -> "clearinghouseState".equals(b.path("type").asText()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(HyperliquidRest.write(last)).isEqualTo(
                "{\"type\":\"clearinghouseState\",\"user\":\"" + vault + "\",\"dex\":\"\"}");
    }

    @Test
    void marketsCarryHyperliquidsSizeAndPriceSteps() {
        assertThat(venue.markets()).extracting(m -> m.symbol() + " " + m.tickSize().toPlainString() + " "
                        + m.lotSize().toPlainString() + " " + m.maxLeverage())
                .containsExactly("BTC 1 0.00001 40", "ETH 0.1 0.0001 25");
        assertThat(venue.marks()).containsOnlyKeys("BTC", "ETH");
    }

    @Test
    void accountAndPositionsAreReadFromClearinghouseState() {
        assertThat(venue.account()).satisfies(a -> {
            assertThat(a.equity()).isEqualByComparingTo("1000.5");
            assertThat(a.marginUsed()).isEqualByComparingTo("32.5");
            assertThat(a.available()).isEqualByComparingTo("968");
            assertThat(a.observedAt()).isEqualTo(fake.now);
        });
        assertThat(venue.positions()).singleElement().satisfies(p -> {
            assertThat(p.symbol()).isEqualTo("BTC");
            assertThat(p.size()).isEqualByComparingTo("-0.01");
            assertThat(p.entryPrice()).isEqualByComparingTo("64000");
            assertThat(p.markPrice()).isEqualByComparingTo("65000"); // positionValue / |szi|
            assertThat(p.unrealizedPnl()).isEqualByComparingTo("-10");
            assertThat(p.liquidationPrice()).isEqualByComparingTo("120000.5");
        });
    }

    @Test
    void anOrderPlacedElsewhereShowsItsCloidAsClientIdAndCanBeCancelledByIt() {
        String foreign = "0x000000000000000000000000000000ff";
        fake.orders.add(new FakeHyperliquid.FakeOrder(77, foreign, limitWire(), "ETH", TestVenues.T0));

        assertThat(venue.openOrders()).singleElement().satisfies(o -> {
            assertThat(o.clientId()).isEqualTo(foreign);
            assertThat(o.orderId()).isEqualTo("77");
            assertThat(o.type()).isEqualTo(OrderType.LIMIT_GTC);
            assertThat(o.limitPrice()).isEqualByComparingTo("3000");
        });
        assertThat(venue.cancel("ETH", foreign)).isTrue();
        assertThat(onlyExchangeBody().at("/action/cancels/0/cloid").asText()).isEqualTo(foreign);
    }

    private static JsonNode limitWire() {
        try {
            return FakeHyperliquid.JSON.readTree(
                    "{\"a\":1,\"b\":true,\"p\":\"3000\",\"s\":\"0.1\",\"r\":false,\"t\":{\"limit\":{\"tif\":\"Gtc\"}}}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode onlyExchangeBody() {
        assertThat(fake.exchangeBodies).hasSize(1);
        return fake.exchangeBodies.get(0);
    }

    static void assertBody(JsonNode body, String fixture, Address signer) throws Exception {
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("action", "nonce", "signature", "vaultAddress", "expiresAfter");
        ObjectNode withoutSignature = body.deepCopy();
        withoutSignature.remove("signature");
        JsonNode expected;
        try (InputStream in = HyperliquidWireTest.class.getResourceAsStream("/client/" + fixture)) {
            expected = FakeHyperliquid.JSON.readTree(in);
        }
        assertThat(HyperliquidRest.write(withoutSignature)).isEqualTo(HyperliquidRest.write(expected));
        Signature sig = Signature.fromJson(body.get("signature"));
        assertThat(L1Verifier.recover(L1Action.fromRequestBody(body), Network.TESTNET, sig)).contains(signer);
    }
}
