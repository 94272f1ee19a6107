package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.venue.Fill;
import pog.venue.Order;

import java.math.BigDecimal;

/** What the simulator tells its push channels (the WebSocket hub). Called on exchange threads: never block. */
interface SimEvents {
    void onOrder(String account, Order order, ObjectNode update);

    /** Whether {@link #onOrder} for this account would reach anyone (building the update is skipped otherwise). */
    default boolean wantsOrders(String account) {
        return true;
    }

    void onFill(String account, Fill fill, ObjectNode fill0);

    void onMark(String coin, BigDecimal mark, long time);

    /** Orders the account did not cancel itself (reduce-only, margin, liquidation, scheduled cancel). */
    default void onNonUserCancel(String account, Order order) {
    }

    /** An hourly funding payment to or from the account. */
    default void onFunding(String account, HyperliquidStore.Funding funding) {
    }
}
