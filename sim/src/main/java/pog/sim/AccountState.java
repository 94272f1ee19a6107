package pog.sim;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import pog.venue.Order;
import pog.venue.OrderRequest;

/** The mutable in-memory state of one account. Only touched under the exchange's lock. */
final class AccountState {
    final String id;
    final long createdAt;
    BigDecimal balance;
    final TreeMap<String, PositionState> positions = new TreeMap<>();
    final Map<String, Integer> leverage = new HashMap<>();
    /** Open orders in placement order, so resting orders are matched first-come first-served. */
    final LinkedHashMap<Long, Order> openOrders = new LinkedHashMap<>();
    /** Orders attached to a parent order id, waiting for its fill (placement order). */
    final Map<Long, List<OrderRequest>> waitingChildren = new HashMap<>();
    /** One-cancels-other: open order id -> its group (the parent's order id). */
    final Map<Long, Long> ocoGroup = new HashMap<>();
    /** Open orders sized to their whole position, resized with it. */
    final java.util.Set<Long> positionSized = new java.util.HashSet<>();
    /** Symbols on isolated margin -> USDC allocated to that position (part of balance, zero while flat). */
    final TreeMap<String, BigDecimal> isolated = new TreeMap<>();

    AccountState(String id, BigDecimal balance, long createdAt) {
        this.id = id;
        this.balance = balance;
        this.createdAt = createdAt;
    }

    PositionState position(String symbol) {
        return positions.getOrDefault(symbol, PositionState.FLAT);
    }

    void setPosition(String symbol, PositionState position) {
        if (position.isFlat()) {
            positions.remove(symbol);
        } else {
            positions.put(symbol, position);
        }
    }
}
