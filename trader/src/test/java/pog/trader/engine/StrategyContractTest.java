package pog.trader.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;
import pog.trader.strategy.process.ProcessStrategy;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The v1 contract through the engine: intents are sized and checked by the trader, refusals reach the strategy. */
class StrategyContractTest {
    private static final String ACCOUNT = InlineRig.ACCOUNT;

    @TempDir
    Path dir;

    @RegisterExtension
    final InlineRig rig = new InlineRig();

    private Engine engine(Strategy strategy) {
        return rig.engine(rig.paper(), strategy, null);
    }

    private void tick(Engine e) {
        rig.tick(e);
    }

    private Position btc() {
        return rig.btc();
    }

    private List<Order> stops() {
        return rig.stops();
    }

    @Test
    void tenTimesTheRiskLimitIsRefusedAndTheStrategyIsToldWhy() {
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, new BigDecimal("0.1"), null, null, null);
        Engine e = engine(s);
        tick(e);
        assertThat(btc()).isNull();
        assertThat(s.refusals()).singleElement().satisfies(r -> {
            assertThat(r.intent()).isEqualTo(s.wanted);
            assertThat(r.reason()).isEqualTo("risk 0.1 of equity is above the limit risk.riskPerTrade 0.01");
        });
    }

    @Test
    void aSmallerRiskAndAWiderStopAreSizedAndProtectedAsAsked() {
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, new BigDecimal("0.005"), new BigDecimal("0.02"), null, null);
        Engine e = engine(s);
        tick(e);
        Position p = btc();
        assertThat(p).isNotNull();
        // 0.5% of 10000 = 50 USD over a 2% stop, floored to the lot
        BigDecimal lot = rig.exchange.markets().stream().filter(m -> m.symbol().equals("BTC")).findFirst().orElseThrow()
                .lotSize();
        BigDecimal expected = RiskManager.floorToStep(new BigDecimal("50").divide(
                p.entryPrice().multiply(new BigDecimal("0.02")), 10, RoundingMode.FLOOR), lot);
        assertThat(p.size()).isEqualByComparingTo(expected);
        assertThat(stops()).singleElement().satisfies(o -> assertThat(o.triggerPrice().doubleValue())
                .isCloseTo(p.entryPrice().doubleValue() * 0.98, org.assertj.core.data.Offset.offset(1.0)));
        assertThat(e.snapshot().unprotected()).isZero();
        assertThat(s.refusals()).isEmpty();
    }

    @Test
    void flatClosesWhatIsHeldAndOpensNothing() {
        Asking s = new Asking();
        s.wanted = Intent.target("BTC", Signal.LONG);
        Engine e = engine(s);
        tick(e);
        assertThat(btc()).isNotNull();
        s.wanted = Intent.target("BTC", Signal.FLAT);
        tick(e);
        tick(e);
        assertThat(btc()).isNull();
        assertThat(stops()).isEmpty();
        StrategyEvent.Bar last = (StrategyEvent.Bar) s.seen.get(s.seen.size() - 1);
        assertThat(last.position()).isZero();
        assertThat(last.canOpen()).isTrue();
    }

    @Test
    void aTakeProfitOnTheWrongSideIsRefusedRatherThanIgnored() {
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, null, null, new BigDecimal("1000"), null);
        Engine e = engine(s);
        tick(e);
        assertThat(btc()).isNull();
        assertThat(s.refusals()).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("takeProfit 1000 must be above the mark").contains("for a long"));
    }

    @Test
    void aTakeProfitRestsReduceOnlyForWhatFilledClosesThePositionAndLeavesNoOrderBehind() {
        BigDecimal mark = rig.exchange.marks().get("BTC");
        BigDecimal tp = mark.multiply(new BigDecimal("1.01")).setScale(0, RoundingMode.DOWN);
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, null, null, tp, null);
        Engine e = engine(s);
        tick(e);
        Position p = btc();
        assertThat(p).isNotNull();
        assertThat(stops()).hasSize(1);
        List<Order> tps = rig.exchange.openOrders(ACCOUNT).stream()
                .filter(o -> o.type() == OrderType.TAKE_PROFIT_MARKET).toList();
        assertThat(tps).singleElement().satisfies(o -> {
            assertThat(o.reduceOnly()).isTrue();
            assertThat(o.side()).isEqualTo(pog.venue.Side.SELL);
            assertThat(o.size()).isEqualByComparingTo(p.size());
            assertThat(o.triggerPrice()).isEqualByComparingTo(tp);
        });
        assertThat(s.refusals()).isEmpty();

        // the market reaches it: the take-profit closes the position, and the stop left without one is cancelled
        s.wanted = null;
        rig.exchange.jump("BTC", tp.add(BigDecimal.TEN));
        e.tick();
        rig.clock.advanceMillis(1000);
        e.tick();
        assertThat(btc()).isNull();
        assertThat(rig.exchange.openOrders(ACCOUNT)).isEmpty();
        assertThat(rig.journal.fillsSince(0, 100)).anySatisfy(f -> {
            assertThat(f.side()).isEqualTo(pog.venue.Side.SELL);
            assertThat(f.price()).isGreaterThanOrEqualTo(tp);
        });
    }

    private List<Order> entries() {
        return rig.exchange.openOrders(ACCOUNT).stream().filter(o -> o.type() == OrderType.LIMIT_GTC).toList();
    }

    @Test
    void aLimitEntryRestsWithItsStopWaitingAndIsProtectedTheMomentItFills() {
        BigDecimal mark = rig.exchange.marks().get("BTC");
        BigDecimal limit = mark.multiply(new BigDecimal("0.99")).setScale(0, RoundingMode.DOWN);
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, null, null, null, limit);
        Engine e = engine(s);
        tick(e);
        // resting at its price, nothing held, no stop on the book yet (it waits for the fill, attached)
        assertThat(btc()).isNull();
        assertThat(entries()).singleElement().satisfies(o -> {
            assertThat(o.side()).isEqualTo(pog.venue.Side.BUY);
            assertThat(o.limitPrice()).isEqualByComparingTo(limit);
        });
        assertThat(stops()).isEmpty();
        tick(e);
        assertThat(entries()).hasSize(1);

        // the market comes down to it: filled, and the stop is on the book in the same step, sized from the limit
        rig.exchange.jump("BTC", limit.subtract(BigDecimal.TEN));
        Position p = btc();
        assertThat(p).isNotNull();
        assertThat(stops()).singleElement().satisfies(o -> {
            assertThat(o.size()).isEqualByComparingTo(p.size());
            assertThat(o.triggerPrice().doubleValue()).isCloseTo(limit.doubleValue() * 0.995,
                    org.assertj.core.data.Offset.offset(1.0));
        });
        tick(e);
        assertThat(e.snapshot().unprotected()).isZero();
        assertThat(entries()).isEmpty();
        assertThat(s.refusals()).isEmpty();
    }

    @Test
    void aRestingLimitEntryIsCancelledWhenTheTargetTurnsOrTheTraderPauses() {
        BigDecimal limit = rig.exchange.marks().get("BTC").multiply(new BigDecimal("0.98")).setScale(0, RoundingMode.DOWN);
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, null, null, null, limit);
        Engine e = engine(s);
        tick(e);
        assertThat(entries()).hasSize(1);
        s.wanted = Intent.target("BTC", Signal.FLAT);
        tick(e);
        tick(e);
        assertThat(entries()).isEmpty();
        rig.exchange.jump("BTC", limit.subtract(BigDecimal.TEN));
        assertThat(btc()).isNull();

        // again, then a pause: a fill while paused would open what nobody decided, so it goes
        rig.exchange.jump("BTC", limit.add(new BigDecimal("1000")));
        BigDecimal again = rig.exchange.marks().get("BTC").multiply(new BigDecimal("0.98")).setScale(0, RoundingMode.DOWN);
        s.wanted = new Intent("BTC", Signal.LONG, null, null, null, again);
        tick(e);
        assertThat(entries()).hasSize(1);
        e.pause("test");
        tick(e);
        tick(e);
        assertThat(entries()).isEmpty();
        rig.exchange.jump("BTC", again.subtract(BigDecimal.TEN));
        assertThat(btc()).isNull();
    }

    @Test
    void aLeftoverLimitEntryOfThisTraderIsCancelledAndAPersonsOrderIsLeftAlone() {
        BigDecimal low = rig.exchange.marks().get("BTC").multiply(new BigDecimal("0.9")).setScale(0, RoundingMode.DOWN);
        // as if a previous run left its resting entry: this trader's id layout, unknown to this run
        Engine e = engine(new Asking());
        String leftover = e.ownership().nextClientId();
        rig.exchange.place(ACCOUNT, pog.venue.OrderRequest.limit(leftover, "BTC", pog.venue.Side.BUY,
                new BigDecimal("0.01"), low));
        rig.exchange.place(ACCOUNT, pog.venue.OrderRequest.limit("my-manual-bid", "BTC", pog.venue.Side.BUY,
                new BigDecimal("0.01"), low));
        tick(e);
        tick(e);
        assertThat(entries()).extracting(Order::clientId).containsExactly("my-manual-bid");
    }

    @Test
    void aLimitEntryWithATakeProfitOrABadPriceIsRefused() {
        Asking s = new Asking();
        s.wanted = new Intent("BTC", Signal.LONG, null, null, new BigDecimal("99999"), new BigDecimal("50000"));
        Engine e = engine(s);
        tick(e);
        s.wanted = new Intent("BTC", Signal.SHORT, null, null, null, new BigDecimal("-1"));
        tick(e);
        assertThat(entries()).isEmpty();
        assertThat(s.refusals()).extracting(StrategyEvent.Refused::reason).containsExactly(
                "takeProfit with limitPrice is not supported by this trader yet: send the limit entry alone",
                "limitPrice -1 is not a positive price");
    }

    @Test
    void thePythonExampleAskingTenTimesTheRiskReceivesTheRefusal() throws Exception {
        Path refusals = dir.resolve("refusals.jsonl");
        Path example = pog.trader.strategy.process.ProcessStrategyTestAccess.example();
        ProcessStrategy s = new ProcessStrategy(List.of("python3", example.toString(), "--fast", "1", "--slow", "2",
                "--min-spread-bps", "0", "--risk", "0.1", "--refusals", refusals.toString()), null, List.of("BTC"),
                5000, rig.clock);
        Engine e = engine(s);
        for (int i = 0; i < 30 && !Files.exists(refusals); i++) {
            tick(e);
        }
        assertThat(btc()).isNull();
        JsonNode refused = Json.mapper().readTree(Files.readAllLines(refusals).get(0));
        assertThat(refused.path("type").asText()).isEqualTo("refused");
        assertThat(refused.path("intent").path("risk").asText()).isEqualTo("0.1");
        assertThat(refused.path("reason").asText()).isEqualTo("risk 0.1 of equity is above the limit "
                + "risk.riskPerTrade 0.01");
        assertThat(s.status().ok()).isTrue();
    }
}
