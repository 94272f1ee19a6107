package pog.contract;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fixture reads into its record with every value where the reader expects it, and the record writes back the
 * same fields: nothing on the wire is dropped or renamed by the records. A reader strict about unknown fields is
 * used on purpose, so tolerance comes from the records themselves and not from a lenient mapper.
 */
class ContractFixturesTest {
    private static final ObjectMapper MAPPER = strictMapper();

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        m.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return m;
    }

    @Test
    void healthReadsEveryFieldAndWritesTheSameOnes() throws Exception {
        Health h = MAPPER.readValue(Fixtures.text(Fixtures.HEALTH), Health.class);
        assertThat(h.service()).isEqualTo("trader-hl");
        assertThat(h.pid()).isEqualTo(41234L);
        assertThat(h.startedAt()).isEqualTo(1_800_000_000_000L);
        assertThat(h.status()).isEqualTo(Health.HALTED);
        assertThat(h.paused()).isFalse();
        assertThat(h.haltReason()).startsWith("daily loss 500.00 of 500.00 USDC");
        assertThat(h.checks()).containsOnlyKeys("loop", "venue", "marketData", "protection", "journal", "strategy",
                "startup", "ownership");
        assertThat(h.checks().get("loop").ageMs()).isEqualTo(112L);
        assertThat(h.checks().get("venue").latencyMs()).isEqualTo(48L);
        assertThat(h.checks().get("venue").errorRate()).isZero();
        assertThat(h.checks().get("protection").ok()).isFalse();
        assertThat(h.checks().get("protection").detail()).isEqualTo("1 position(s) without a verified stop");
        assertThat(h.checks().get("loop").observedAt()).isEqualTo(1_800_000_600_000L);
        assertThat(h.time()).isEqualTo(1_800_000_600_000L);
        assertSameFields(Fixtures.HEALTH, h);
    }

    @Test
    void positionsCarryTheirProtection() throws Exception {
        List<PositionView> ps = MAPPER.readValue(Fixtures.text(Fixtures.POSITIONS), new TypeReference<>() {
        });
        assertThat(ps).hasSize(2);
        PositionView btc = ps.get(0);
        assertThat(btc.size()).isEqualByComparingTo("0.015");
        assertThat(btc.entryPrice()).isEqualTo(new BigDecimal("60123.5")); // scale kept: money is never a double
        assertThat(btc.protectedByStop()).isTrue();
        assertThat(btc.protection()).isEqualTo(new PositionView.Protection(PositionView.Protection.VERIFIED, "7713",
                new BigDecimal("59522.3"), 1_800_000_599_800L));
        PositionView eth = ps.get(1);
        assertThat(eth.side()).isEqualTo("short");
        assertThat(eth.stopPrice()).isNull();
        assertThat(eth.protectedByStop()).isFalse();
        assertThat(eth.protection().state()).isEqualTo(PositionView.Protection.MISSING);
        assertThat(eth.protection().stopOrderId()).isNull();
        assertThat(eth.protection().verifiedAt()).as("last seen covered, before the stop went").isEqualTo(1_800_000_590_100L);
        assertSameFields(Fixtures.POSITIONS, ps);
    }

    @Test
    void accountReadsEveryAmountExactly() throws Exception {
        AccountView a = MAPPER.readValue(Fixtures.text(Fixtures.ACCOUNT), AccountView.class);
        assertThat(a.equity()).isEqualTo(new BigDecimal("10006.4935"));
        assertThat(a.marginUsed()).isEqualTo(new BigDecimal("216.73"));
        assertThat(a.available()).isEqualTo(new BigDecimal("9789.7635"));
        assertThat(a.unrealizedPnl()).isEqualTo(new BigDecimal("6.4935"));
        assertThat(a.observedAt()).isEqualTo(1_800_000_599_800L);
        assertSameFields(Fixtures.ACCOUNT, a);
    }

    @Test
    void aNewerTradersExtraFieldsAreIgnoredAtEveryLevel() throws Exception {
        ObjectNode health = (ObjectNode) MAPPER.readTree(Fixtures.text(Fixtures.HEALTH));
        health.put("region", "eu-1");
        ((ObjectNode) health.get("checks").get("loop")).put("severity", "page");
        assertThat(MAPPER.treeToValue(health, Health.class).checks().get("loop").ok()).isTrue();

        JsonNode positions = MAPPER.readTree(Fixtures.text(Fixtures.POSITIONS));
        ((ObjectNode) positions.get(0)).put("leverage", 5);
        ((ObjectNode) positions.get(0).get("protection")).put("takeProfitOrderId", "7714");
        PositionView p = MAPPER.treeToValue(positions.get(0), PositionView.class);
        assertThat(p.protection().state()).isEqualTo(PositionView.Protection.VERIFIED);

        ObjectNode account = (ObjectNode) MAPPER.readTree(Fixtures.text(Fixtures.ACCOUNT));
        account.put("crossMarginRatio", "0.02");
        assertThat(MAPPER.treeToValue(account, AccountView.class).equity()).isEqualByComparingTo("10006.4935");
    }

    @Test
    void anOlderTradersMissingFieldsReadAsUnknownNotAsZeroOrProtected() throws Exception {
        Health h = MAPPER.readValue("{\"service\":\"t1\",\"instance\":\"i1\",\"status\":\"halted\","
                + "\"checks\":{\"loop\":{\"detail\":\"?\"}}}", Health.class);
        assertThat(h.pid()).isNull();
        assertThat(h.paused()).isNull();
        assertThat(h.time()).isNull();
        assertThat(h.checks().get("loop").ok()).as("a check that does not say it passes, fails").isFalse();

        PositionView p = MAPPER.readValue("{\"symbol\":\"BTC\",\"side\":\"long\",\"size\":\"1\"}", PositionView.class);
        assertThat(p.protectedByStop()).isFalse();
        assertThat(p.protection()).isNull();
        assertThat(p.observedAt()).isNull();
    }

    private static void assertSameFields(String fixture, Object parsed) throws Exception {
        JsonNode expected = MAPPER.readTree(Fixtures.text(fixture));
        JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(parsed)); // as a reader of the wire sees it
        assertThat(Fixtures.fieldPaths(written)).isEqualTo(Fixtures.fieldPaths(expected));
        assertThat(written).as("values written back as read").isEqualTo(expected);
    }
}
