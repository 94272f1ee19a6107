package pog.venue;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything a venue pushed to one listener, each kind in the order it came, for the venues' tests: connection
 * changes, marks ({@code SYMBOL=mark}), order updates, fills, and the market feed (top of book, public trades,
 * funding).
 */
public final class RecordingListener implements VenueListener {
    public final List<Boolean> connections = new CopyOnWriteArrayList<>();
    public final List<String> marks = new CopyOnWriteArrayList<>();
    public final List<Order> orders = new CopyOnWriteArrayList<>();
    public final List<Fill> fills = new CopyOnWriteArrayList<>();
    public final List<TopOfBook> tops = new CopyOnWriteArrayList<>();
    public final List<Trade> trades = new CopyOnWriteArrayList<>();
    public final List<Funding> fundings = new CopyOnWriteArrayList<>();

    @Override
    public void onConnection(boolean connected) {
        connections.add(connected);
    }

    @Override
    public void onMark(String symbol, BigDecimal mark, long time) {
        marks.add(symbol + "=" + mark.toPlainString());
    }

    @Override
    public void onOrder(Order order) {
        orders.add(order);
    }

    @Override
    public void onFill(Fill fill) {
        fills.add(fill);
    }

    @Override
    public void onTopOfBook(TopOfBook book) {
        tops.add(book);
    }

    @Override
    public void onTrade(Trade trade) {
        trades.add(trade);
    }

    @Override
    public void onFunding(Funding funding) {
        fundings.add(funding);
    }

    /** How many of the fills pushed carry this fill id (a gap-fill must never deliver one twice). */
    public long fillsWithId(String id) {
        return fills.stream().filter(f -> f.fillId().equals(id)).count();
    }
}
