package pog.trader.ownership;

import org.junit.jupiter.api.Test;
import pog.venue.ClientId;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccountWatchTest {
    private static final long STARTED_AT = 1_000_000;
    private static final long MINE = 500;

    private final AccountWatch watch = new AccountWatch(Set.of(300L, 400L), MINE, STARTED_AT);

    @Test
    void ordersAndFillsOfItsOwnEpochsLeaveTheTraderTheOwner() {
        watch.issued(new ClientId(MINE, 1));
        watch.issued(new ClientId(MINE, 2));
        AccountWatch.Verdict v = watch.observe(List.of(order("pog-400-17", STARTED_AT - 50_000),
                order("pog-500-2", STARTED_AT + 10)), List.of(fill("pog-300-9"), fill("pog-500-1")));
        assertThat(v.state()).isEqualTo(AccountWatch.State.OWNER);
        assertThat(v.intruder()).isNull();
    }

    @Test
    void manualOrdersWithoutAPogIdAreNobodysEpoch() {
        AccountWatch.Verdict v = watch.observe(List.of(order("0x1234567890abcdef1234567890abcdef", STARTED_AT + 5),
                order(null, STARTED_AT + 5), order("trader-hl-1001", STARTED_AT - 5)), List.of(fill("my-own-order")));
        assertThat(v.state()).isEqualTo(AccountWatch.State.OWNER);
    }

    @Test
    void anUnknownEpochsRestingOrdersHoldTheTraderWithThatEpoch() {
        // what a trader whose journal was lost sees: its own old stops, placed before it started
        AccountWatch.Verdict v = watch.observe(List.of(order("pog-450-3", STARTED_AT - 3_600_000)), List.of());
        assertThat(v.state()).isEqualTo(AccountWatch.State.HELD);
        assertThat(v.epoch()).isEqualTo(450);
        assertThat(v.detail()).contains("pog-450-3").contains("--take-over");
        // the order going away does not make the account ours by accident
        assertThat(watch.observe(List.of(), List.of()).state()).isEqualTo(AccountWatch.State.HELD);
    }

    @Test
    void aFillOfAnUnknownEpochHoldsButIsNotActivity() {
        // a resting stop of the lost instance that fires after this start is the venue acting, not a writer
        AccountWatch.Verdict v = watch.observe(List.of(), List.of(fill("pog-450-4")));
        assertThat(v.state()).isEqualTo(AccountWatch.State.HELD);
    }

    @Test
    void anOlderEpochPlacingAfterThisStartMeansAnotherLiveTraderAndThisOneExits() {
        watch.observe(List.of(order("pog-450-3", STARTED_AT - 10_000)), List.of());
        AccountWatch.Verdict v = watch.observe(order("pog-450-4", STARTED_AT + 1_500));
        assertThat(v.state()).isEqualTo(AccountWatch.State.MUST_EXIT);
        assertThat(v.epoch()).isEqualTo(450);
        // a live writer is never adopted, and the verdict never softens
        assertThat(watch.adopt()).isEmpty();
        assertThat(watch.verdict().state()).isEqualTo(AccountWatch.State.MUST_EXIT);
    }

    @Test
    void aNewerEpochWritingIsTheNewcomerAndThisTraderStaysOwner() {
        AccountWatch.Verdict v = watch.observe(List.of(order("pog-600-1", STARTED_AT + 60_000)), List.of());
        assertThat(v.state()).isEqualTo(AccountWatch.State.OWNER);
        assertThat(v.intruder()).isEqualTo(600);
    }

    @Test
    void itsOwnEpochBeyondTheSequenceItIssuedIsAnotherInstanceWithTheSameEpoch() {
        watch.issued(new ClientId(MINE, 1));
        AccountWatch.Verdict v = watch.observe(List.of(order("pog-500-1", STARTED_AT + 1),
                order("pog-500-2", STARTED_AT - 1)), List.of());
        assertThat(v.state()).isEqualTo(AccountWatch.State.HELD);
        assertThat(v.epoch()).isEqualTo(MINE);
    }

    @Test
    void aTakeOverAdoptsTheIdleEpochsAndTheirOrdersAreOwnFromThenOn() {
        watch.observe(List.of(order("pog-450-3", STARTED_AT - 10_000), order("pog-460-1", STARTED_AT - 5_000)),
                List.of());
        assertThat(watch.adopt()).containsExactly(450L, 460L);
        assertThat(watch.verdict().state()).isEqualTo(AccountWatch.State.OWNER);
        assertThat(watch.owns(450)).isTrue();
        assertThat(watch.observe(List.of(order("pog-450-3", STARTED_AT - 10_000)), List.of()).state())
                .isEqualTo(AccountWatch.State.OWNER);
    }

    @Test
    void aRolledEpochOfThisRunIsItsOwn() {
        watch.runEpoch(501);
        watch.issued(new ClientId(501, 1));
        assertThat(watch.observe(List.of(order("pog-501-1", STARTED_AT + 1)), List.of()).state())
                .isEqualTo(AccountWatch.State.OWNER);
    }

    @Test
    void anOlderEpochCancellingOnRequestAfterThisStartIsALiveWriterToo() {
        Order resting = order("pog-450-3", STARTED_AT - 10_000);
        assertThat(watch.observe(List.of(resting), List.of()).state()).isEqualTo(AccountWatch.State.HELD);
        Order cancelled = with(resting, OrderStatus.CANCELLED, null, resting.triggerPrice(), STARTED_AT + 700);
        AccountWatch.Verdict v = watch.observe(cancelled);
        assertThat(v.state()).isEqualTo(AccountWatch.State.MUST_EXIT);
        assertThat(v.detail()).contains("pog-450-3").contains("cancelled at " + (STARTED_AT + 700));
    }

    @Test
    void whatTheVenueCancelsByItsOwnRulesIsNobodysAct() {
        Order resting = order("pog-450-3", STARTED_AT - 10_000);
        watch.observe(List.of(resting), List.of());
        // the reduce-only stop went as its position closed; a cancel before this start is history, not activity
        watch.observe(with(resting, OrderStatus.CANCELLED, "reduceOnlyCanceled", resting.triggerPrice(),
                STARTED_AT + 700));
        watch.observe(with(order("pog-450-5", STARTED_AT - 9_000), OrderStatus.CANCELLED, null,
                new BigDecimal("1900"), STARTED_AT - 100));
        assertThat(watch.verdict().state()).isEqualTo(AccountWatch.State.HELD);
    }

    @Test
    void anOlderEpochsOrderModifiedBetweenTwoReadsIsALiveWriter() {
        Order resting = order("pog-450-3", STARTED_AT - 10_000);
        watch.observe(List.of(resting), List.of());
        // the same order read again, unchanged but partly filled: nothing
        Order partly = new Order("1", resting.clientId(), "ETH", Side.SELL, OrderType.STOP_MARKET, BigDecimal.ONE,
                new BigDecimal("0.4"), null, new BigDecimal("1900.0"), true, OrderStatus.OPEN, null,
                resting.createdAt(), STARTED_AT + 300);
        assertThat(watch.observe(List.of(partly), List.of()).state()).isEqualTo(AccountWatch.State.HELD);
        // a stream update carries no trigger price: never compared, never a modify
        assertThat(watch.observe(with(resting, OrderStatus.OPEN, null, null, STARTED_AT + 400)).state())
                .isEqualTo(AccountWatch.State.HELD);
        // its trigger moved between two reads: someone modified it
        AccountWatch.Verdict v = watch.observe(List.of(with(resting, OrderStatus.OPEN, null, new BigDecimal("1850"),
                STARTED_AT + 900)), List.of());
        assertThat(v.state()).isEqualTo(AccountWatch.State.MUST_EXIT);
        assertThat(v.detail()).contains("modified");
    }

    private static Order with(Order o, OrderStatus status, String reason, BigDecimal trigger, long updatedAt) {
        return new Order(o.orderId(), o.clientId(), o.symbol(), o.side(), o.type(), o.size(), o.filledSize(),
                o.limitPrice(), trigger, o.reduceOnly(), status, reason, o.createdAt(), updatedAt);
    }

    private static Order order(String clientId, long createdAt) {
        return new Order("1", clientId, "ETH", Side.SELL, OrderType.STOP_MARKET, BigDecimal.ONE, BigDecimal.ZERO,
                null, new BigDecimal("1900"), true, OrderStatus.OPEN, null, createdAt, createdAt);
    }

    private static Fill fill(String clientId) {
        return new Fill(1, "f1", "1", clientId, "ETH", Side.BUY, BigDecimal.ONE, new BigDecimal("2000"),
                BigDecimal.ZERO, BigDecimal.ZERO, false, STARTED_AT + 5);
    }
}
