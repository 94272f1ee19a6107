package pog.sim;

import static pog.sim.Sim.limit;
import static pog.sim.Sim.market;
import static pog.sim.Sim.stop;
import static pog.sim.Sim.takeProfit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Side;

/** One trading session used by the persistence tests, so a crashed run and its replay do exactly the same. */
final class Script {
    private Script() {
    }

    /** Two accounts, positions with resting protective orders, a resting limit and a chosen leverage. */
    static void setUp(Exchange ex) {
        ex.setLeverage("alice", "BTC", 20);
        ex.place("alice", market("entry", "BTC", Side.BUY, "0.1"));
        ex.place("alice", stop("sl", "BTC", Side.SELL, "0.1", "49900"));
        ex.place("alice", takeProfit("tp", "BTC", Side.SELL, "0.1", "50150"));
        ex.place("alice", limit("bid", OrderType.LIMIT_GTC, "ETH", Side.BUY, "1", "2990"));
        ex.place("bob", market("short", "ETH", Side.SELL, "2"));
        ex.place("bob", stop("bsl", "ETH", Side.BUY, "2", "3030"));
    }

    /** Everything a client could observe about the exchange. */
    record State(long steps, Map<String, BigDecimal> marks, Map<String, Account> accounts,
                 Map<String, BigDecimal> balances, Map<String, List<Position>> positions,
                 Map<String, List<Order>> openOrders, Map<String, List<Fill>> fills, int aliceBtcLeverage) {
    }

    static State state(Exchange ex) {
        List<String> ids = List.of("alice", "bob");
        return new State(ex.stepCount(), ex.marks(),
                Map.of("alice", ex.account("alice"), "bob", ex.account("bob")),
                Map.of("alice", ex.balance("alice"), "bob", ex.balance("bob")),
                Map.of("alice", ex.positions("alice"), "bob", ex.positions("bob")),
                Map.of("alice", ex.openOrders("alice"), "bob", ex.openOrders("bob")),
                Map.of("alice", ex.fillsSince("alice", 0), "bob", ex.fillsSince("bob", 0)),
                ex.leverage("alice", "BTC"));
    }
}
