package pog.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;

/**
 * One transaction's worth of state changes: what the exchange changed in memory, to be written to SQLite in a
 * single commit, and the events to publish once that commit succeeded. Rows are written from the current memory
 * state, so touching the same thing twice in a transaction writes it once.
 */
final class Changes {
    final Set<AccountState> accounts = new LinkedHashSet<>();
    final Map<AccountState, Set<String>> positions = new LinkedHashMap<>();
    final Map<AccountState, Set<String>> leverage = new LinkedHashMap<>();
    /** Symbols whose margin mode or isolated allocation changed (written as the account holds them). */
    final Map<AccountState, Set<String>> isolated = new LinkedHashMap<>();
    final Map<Long, OrderRow> orders = new LinkedHashMap<>();
    final List<FillRow> fills = new ArrayList<>();
    final Set<String> marks = new LinkedHashSet<>();
    /** Children that started waiting for their parent, and parents whose waiting children left (placed or dropped). */
    final List<WaitingChild> waitingAdded = new ArrayList<>();
    final List<ParentKey> waitingRemoved = new ArrayList<>();
    final List<OcoRow> ocoAdded = new ArrayList<>();
    final List<OcoRow> ocoRemoved = new ArrayList<>();
    final List<ParentKey> positionSizedAdded = new ArrayList<>();
    final List<ParentKey> positionSizedRemoved = new ArrayList<>();
    /** Protection gaps opened or closed (written as they are), and open ones that closed under 1 ms (deleted). */
    final List<ProtectionLedger.Gap> gaps = new ArrayList<>();
    final List<ProtectionLedger.Gap> gapsDropped = new ArrayList<>();
    boolean feed;
    /** Clock time of the transaction, for bookkeeping columns. */
    long time;
    final List<Event> events = new ArrayList<>();

    record OrderRow(String accountId, Order order) {
    }

    record FillRow(String accountId, Fill fill) {
    }

    record WaitingChild(String accountId, long parentOrderId, int seq, OrderRequest request) {
    }

    record ParentKey(String accountId, long parentOrderId) {
    }

    record OcoRow(String accountId, long orderId, long groupId) {
    }

    void account(AccountState account) {
        accounts.add(account);
    }

    void position(AccountState account, String symbol) {
        accounts.add(account);
        positions.computeIfAbsent(account, a -> new LinkedHashSet<>()).add(symbol);
    }

    void isolated(AccountState account, String symbol) {
        accounts.add(account);
        isolated.computeIfAbsent(account, a -> new LinkedHashSet<>()).add(symbol);
    }

    void leverage(AccountState account, String symbol) {
        accounts.add(account);
        leverage.computeIfAbsent(account, a -> new LinkedHashSet<>()).add(symbol);
    }

    void order(String accountId, Order order) {
        orders.put(Long.parseLong(order.orderId()), new OrderRow(accountId, order));
        events.add(new Event.OrderEvent(accountId, order));
    }

    void fill(String accountId, Fill fill) {
        fills.add(new FillRow(accountId, fill));
        events.add(new Event.FillEvent(accountId, fill));
    }

    void mark(Event.MarkEvent event) {
        marks.add(event.symbol());
        events.add(event);
    }

    boolean isEmpty() {
        return accounts.isEmpty() && orders.isEmpty() && fills.isEmpty() && marks.isEmpty() && !feed
                && waitingAdded.isEmpty() && waitingRemoved.isEmpty() && ocoAdded.isEmpty() && ocoRemoved.isEmpty()
                && positionSizedAdded.isEmpty() && positionSizedRemoved.isEmpty()
                && gaps.isEmpty() && gapsDropped.isEmpty();
    }
}
