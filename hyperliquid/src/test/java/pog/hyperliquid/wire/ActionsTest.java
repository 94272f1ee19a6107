package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.signing.Signature;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Cloid CLOID = Cloid.parse("0x00000000000000000000000000000001");

    @Test
    void aLimitOrderHasItsKeysInWireOrder() throws Exception {
        ObjectNode action = Actions.order(List.of(OrderWire.of(4, true, new BigDecimal("1670.1"),
                new BigDecimal("0.0147"), 4, false, new OrderTypeWire.Limit(Tif.IOC), null)), Grouping.NA);
        assertThat(JSON.writeValueAsString(action)).isEqualTo("{\"type\":\"order\",\"orders\":[{\"a\":4,\"b\":true,"
                + "\"p\":\"1670.1\",\"s\":\"0.0147\",\"r\":false,\"t\":{\"limit\":{\"tif\":\"Ioc\"}}}],\"grouping\":\"na\"}");
    }

    @Test
    void aTriggerOrderWithCloidHasItsKeysInWireOrder() throws Exception {
        OrderWire stop = OrderWire.of(1, false, new BigDecimal("95"), new BigDecimal("0.5"), 2, true,
                OrderTypeWire.Trigger.of(true, new BigDecimal("96.00"), 2, Tpsl.SL), CLOID);
        assertThat(JSON.writeValueAsString(Actions.order(List.of(stop), Grouping.POSITION_TPSL))).isEqualTo(
                "{\"type\":\"order\",\"orders\":[{\"a\":1,\"b\":false,\"p\":\"95\",\"s\":\"0.5\",\"r\":true,"
                        + "\"t\":{\"trigger\":{\"isMarket\":true,\"triggerPx\":\"96\",\"tpsl\":\"sl\"}},"
                        + "\"c\":\"0x00000000000000000000000000000001\"}],\"grouping\":\"positionTpsl\"}");
    }

    @Test
    void groupingsAndTifsUseTheVenuesNames() {
        assertThat(Grouping.NORMAL_TPSL.wire()).isEqualTo("normalTpsl");
        assertThat(Tif.ALO.wire()).isEqualTo("Alo");
        assertThat(Tif.GTC.wire()).isEqualTo("Gtc");
        assertThat(Tpsl.TP.wire()).isEqualTo("tp");
        assertThat(Grouping.fromWire("positionTpsl")).isEqualTo(Grouping.POSITION_TPSL);
        assertThatThrownBy(() -> Tif.fromWire("GTC")).hasMessageContaining("GTC");
    }

    @Test
    void cancelsByOidAndByCloidUseDifferentKeyNames() throws Exception {
        assertThat(JSON.writeValueAsString(Actions.cancel(List.of(new CancelWire(3, 91490942L)))))
                .isEqualTo("{\"type\":\"cancel\",\"cancels\":[{\"a\":3,\"o\":91490942}]}");
        assertThat(JSON.writeValueAsString(Actions.cancelByCloid(List.of(new CancelByCloidWire(3, CLOID)))))
                .isEqualTo("{\"type\":\"cancelByCloid\",\"cancels\":[{\"asset\":3,"
                        + "\"cloid\":\"0x00000000000000000000000000000001\"}]}");
    }

    @Test
    void batchModifyNamesTheOrderByOidOrCloid() throws Exception {
        OrderWire order = OrderWire.of(0, true, new BigDecimal("60000"), new BigDecimal("0.001"), 5, false,
                new OrderTypeWire.Limit(Tif.ALO), null);
        assertThat(JSON.writeValueAsString(Actions.batchModify(List.of(ModifyWire.byOid(7, order),
                ModifyWire.byCloid(CLOID, order))))).isEqualTo("{\"type\":\"batchModify\",\"modifies\":["
                + "{\"oid\":7,\"order\":{\"a\":0,\"b\":true,\"p\":\"60000\",\"s\":\"0.001\",\"r\":false,"
                + "\"t\":{\"limit\":{\"tif\":\"Alo\"}}}},"
                + "{\"oid\":\"0x00000000000000000000000000000001\",\"order\":{\"a\":0,\"b\":true,\"p\":\"60000\","
                + "\"s\":\"0.001\",\"r\":false,\"t\":{\"limit\":{\"tif\":\"Alo\"}}}}]}");
        assertThatThrownBy(() -> new ModifyWire(1L, CLOID, order)).hasMessageContaining("exactly one");
    }

    @Test
    void updateLeverageAndScheduleCancel() throws Exception {
        assertThat(JSON.writeValueAsString(Actions.updateLeverage(2, false, 10)))
                .isEqualTo("{\"type\":\"updateLeverage\",\"asset\":2,\"isCross\":false,\"leverage\":10}");
        assertThat(JSON.writeValueAsString(Actions.scheduleCancel(null))).isEqualTo("{\"type\":\"scheduleCancel\"}");
        assertThat(JSON.writeValueAsString(Actions.scheduleCancel(123456789L)))
                .isEqualTo("{\"type\":\"scheduleCancel\",\"time\":123456789}");
        assertThatThrownBy(() -> Actions.updateLeverage(2, true, 0)).hasMessageContaining("leverage");
        assertThatThrownBy(() -> Actions.cancel(List.of())).hasMessageContaining("at least one");
    }

    @Test
    void anOrderWithAnUnsendablePriceIsRefusedBeforeSigning() {
        assertThatThrownBy(() -> OrderWire.of(0, true, new BigDecimal("60000.5"), new BigDecimal("0.001"), 5, false,
                new OrderTypeWire.Limit(Tif.GTC), null)).hasMessageContaining("60000.5");
        assertThatThrownBy(() -> OrderWire.of(0, true, new BigDecimal("60000"), new BigDecimal("0.0000001"), 5, false,
                new OrderTypeWire.Limit(Tif.GTC), null)).hasMessageContaining("decimals");
    }

    @Test
    void builtActionsReproduceThePublishedVectors() throws Exception {
        JsonNode vectors;
        try (InputStream in = ActionsTest.class.getResourceAsStream("/vectors/hyperliquid-l1-signing.json")) {
            vectors = JSON.readTree(in);
        }
        PrivateKey key = PrivateKey.fromHex(vectors.get("privateKey").asText());
        var byName = new java.util.HashMap<String, JsonNode>();
        vectors.get("cases").forEach(c -> byName.put(c.get("name").asText(), c));

        assertBuildsCase(key, byName.get("order-ioc-eth"), Actions.order(List.of(OrderWire.of(4, true,
                new BigDecimal("1670.1"), new BigDecimal("0.0147"), 4, false, new OrderTypeWire.Limit(Tif.IOC), null)),
                Grouping.NA));
        assertBuildsCase(key, byName.get("order-gtc-mainnet"), Actions.order(List.of(new OrderWire(1, true,
                WireFormat.floatToWire(100.0), WireFormat.floatToWire(100.0), false,
                new OrderTypeWire.Limit(Tif.GTC), null)), Grouping.NA));
        assertBuildsCase(key, byName.get("order-trigger-sl-mainnet"), Actions.order(List.of(OrderWire.of(1, true,
                new BigDecimal("100"), new BigDecimal("100"), 0, false,
                OrderTypeWire.Trigger.of(true, new BigDecimal("103"), 0, Tpsl.SL), null)), Grouping.NA));
        assertBuildsCase(key, byName.get("schedule-cancel-unset-mainnet"), Actions.scheduleCancel(null));
        assertBuildsCase(key, byName.get("schedule-cancel-mainnet"), Actions.scheduleCancel(123456789L));
    }

    @Test
    void receivedActionsParseBackToTheSameWireTypes() throws Exception {
        OrderWire order = OrderWire.of(1, false, new BigDecimal("95"), new BigDecimal("0.5"), 2, true,
                OrderTypeWire.Trigger.of(false, new BigDecimal("96"), 2, Tpsl.TP), CLOID);
        JsonNode wire = JSON.readTree(JSON.writeValueAsString(order.toJson()));
        assertThat(OrderWire.fromJson(wire)).isEqualTo(order);
        assertThat(CancelWire.fromJson(new CancelWire(2, 5).toJson())).isEqualTo(new CancelWire(2, 5));
        assertThat(CancelByCloidWire.fromJson(new CancelByCloidWire(2, CLOID).toJson()))
                .isEqualTo(new CancelByCloidWire(2, CLOID));
        assertThat(ModifyWire.fromJson(ModifyWire.byCloid(CLOID, order).toJson()))
                .isEqualTo(ModifyWire.byCloid(CLOID, order));
        assertThat(ModifyWire.fromJson(ModifyWire.byOid(9, order).toJson())).isEqualTo(ModifyWire.byOid(9, order));
        assertThatThrownBy(() -> OrderWire.fromJson(JSON.readTree("{\"a\":1,\"b\":\"yes\"}")))
                .hasMessageContaining("'b'");
    }

    private static void assertBuildsCase(PrivateKey key, JsonNode c, ObjectNode built) throws Exception {
        assertThat(JSON.writeValueAsString(built)).isEqualTo(JSON.writeValueAsString(c.get("action")));
        L1Action action = new L1Action(built, c.get("nonce").asLong());
        assertThat("0x" + HexFormat.of().formatHex(action.connectionId())).isEqualTo(c.get("connectionId").asText());
        Signature sig = new L1Signer(key, Network.of(c.get("testnet").asBoolean())).sign(action);
        assertThat(sig).isEqualTo(Signature.fromJson(c.get("signature")));
    }
}
