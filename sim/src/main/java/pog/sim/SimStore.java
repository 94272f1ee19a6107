package pog.sim;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.db.Database;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

/**
 * The exchange's SQLite file: schema migrations (Flyway, {@code classpath:db/sim}), loading the whole state at open, and
 * writing one {@link Changes} per transaction. One connection, one writer: a lock file next to the database keeps a
 * second exchange (in this process or another) from opening the same file.
 *
 * <p>WAL with synchronous=NORMAL: a commit survives kill -9 of the process (the WAL is in the OS page cache);
 * only a power loss can take back the last commits.
 */
final class SimStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimStore.class);

    private final Path file;
    private final Connection connection;
    /** Holds the OS lock on {@code <file>.lock}; closing it (or the process dying) releases the lock. */
    private final FileChannel lockChannel;

    private SimStore(Path file, Connection connection, FileChannel lockChannel) {
        this.file = file;
        this.connection = connection;
        this.lockChannel = lockChannel;
    }

    static SimStore open(Path file) {
        Path absolute = file.toAbsolutePath();
        FileChannel channel = null;
        FileLock lock = null;
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            channel = FileChannel.open(Path.of(absolute + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("simulator database " + absolute + " is already open by another exchange");
            }
            long started = System.nanoTime();
            // Shared helper: Flyway migrations from classpath:db/sim, WAL, synchronous=NORMAL, busy timeout, FKs.
            Connection connection = Database.open(absolute, "sim");
            connection.setAutoCommit(false);
            log.info("event=sim_db_open file={} millis={}", absolute, (System.nanoTime() - started) / 1_000_000);
            return new SimStore(absolute, connection, channel);
        } catch (IOException | SQLException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot open simulator database " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** Everything in the file, as the exchange holds it in memory. */
    record Snapshot(FeedState feed, Map<String, MarkState> marks, Map<String, AccountState> accounts,
                    long maxOrderId, long maxCursor, List<ProtectionLedger.Gap> gaps) {
    }

    Snapshot load() throws SQLException {
        FeedState feed = null;
        try (var st = connection.createStatement(); var rs = st.executeQuery("SELECT seed, step, last_step_at FROM feed")) {
            if (rs.next()) {
                feed = new FeedState(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
        Map<String, MarkState> marks = new TreeMap<>();
        try (var st = connection.createStatement(); var rs = st.executeQuery("SELECT symbol, raw_price, mark, time FROM mark")) {
            while (rs.next()) {
                marks.put(rs.getString(1), new MarkState(rs.getString(1), rs.getDouble(2), new BigDecimal(rs.getString(3)),
                        rs.getLong(4)));
            }
        }
        Map<String, AccountState> accounts = new TreeMap<>();
        try (var st = connection.createStatement(); var rs = st.executeQuery("SELECT id, balance, created_at FROM account")) {
            while (rs.next()) {
                accounts.put(rs.getString(1), new AccountState(rs.getString(1), new BigDecimal(rs.getString(2)), rs.getLong(3)));
            }
        }
        try (var st = connection.createStatement();
             var rs = st.executeQuery("SELECT account_id, symbol, leverage FROM leverage")) {
            while (rs.next()) {
                accounts.get(rs.getString(1)).leverage.put(rs.getString(2), rs.getInt(3));
            }
        }
        try (var st = connection.createStatement();
             var rs = st.executeQuery("SELECT account_id, symbol, size, entry_price FROM position")) {
            while (rs.next()) {
                accounts.get(rs.getString(1)).setPosition(rs.getString(2),
                        new PositionState(new BigDecimal(rs.getString(3)), new BigDecimal(rs.getString(4))));
            }
        }
        try (var st = connection.prepareStatement(ORDER_SELECT + " WHERE status IN ('OPEN', 'TRIGGERED') ORDER BY order_id")) {
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    Order order = readOrder(rs);
                    accounts.get(rs.getString("account_id")).openOrders.put(Long.parseLong(order.orderId()), order);
                }
            }
        }
        try (var st = connection.createStatement(); var rs = st.executeQuery("SELECT account_id, parent_order_id, "
                + "client_id, symbol, side, type, size, limit_price, trigger_price, reduce_only FROM waiting_child "
                + "ORDER BY account_id, parent_order_id, seq")) {
            while (rs.next()) {
                OrderRequest r = new OrderRequest(rs.getString(3), rs.getString(4), Side.valueOf(rs.getString(5)),
                        OrderType.valueOf(rs.getString(6)), new BigDecimal(rs.getString(7)), decimal(rs.getString(8)),
                        decimal(rs.getString(9)), rs.getInt(10) != 0);
                accounts.get(rs.getString(1)).waitingChildren.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                        .add(r);
            }
        }
        try (var st = connection.createStatement();
             var rs = st.executeQuery("SELECT account_id, symbol, margin FROM isolated_margin")) {
            while (rs.next()) {
                accounts.get(rs.getString(1)).isolated.put(rs.getString(2), new BigDecimal(rs.getString(3)));
            }
        }
        try (var st = connection.createStatement();
             var rs = st.executeQuery("SELECT account_id, order_id FROM position_sized")) {
            while (rs.next()) {
                accounts.get(rs.getString(1)).positionSized.add(rs.getLong(2));
            }
        }
        try (var st = connection.createStatement();
             var rs = st.executeQuery("SELECT account_id, order_id, group_id FROM oco_member")) {
            while (rs.next()) {
                accounts.get(rs.getString(1)).ocoGroup.put(rs.getLong(2), rs.getLong(3));
            }
        }
        List<ProtectionLedger.Gap> gaps = new ArrayList<>();
        try (var st = connection.createStatement(); var rs = st.executeQuery(
                "SELECT account_id, symbol, from_ms, to_ms FROM protection_gap ORDER BY from_ms")) {
            while (rs.next()) {
                long to = rs.getLong(4);
                gaps.add(new ProtectionLedger.Gap(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.wasNull() ? null : to));
            }
        }
        long maxOrderId = singleLong("SELECT COALESCE(MAX(order_id), 0) FROM orders");
        long maxCursor = singleLong("SELECT COALESCE(MAX(cursor), 0) FROM fill");
        connection.commit(); // ends the read transaction so the WAL can be checkpointed
        return new Snapshot(feed, marks, accounts, maxOrderId, maxCursor, gaps);
    }

    Optional<Order> findByClientId(String accountId, String clientId) throws SQLException {
        try (var st = connection.prepareStatement(ORDER_SELECT + " WHERE account_id = ? AND client_id = ?")) {
            st.setString(1, accountId);
            st.setString(2, clientId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(readOrder(rs)) : Optional.empty();
            }
        }
    }

    Optional<Order> findByOrderId(String accountId, long orderId) throws SQLException {
        try (var st = connection.prepareStatement(ORDER_SELECT + " WHERE account_id = ? AND order_id = ?")) {
            st.setString(1, accountId);
            st.setLong(2, orderId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(readOrder(rs)) : Optional.empty();
            }
        }
    }

    List<Order> recentOrders(String accountId, int limit) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (var st = connection.prepareStatement(ORDER_SELECT + " WHERE account_id = ? ORDER BY order_id DESC LIMIT ?")) {
            st.setString(1, accountId);
            st.setInt(2, limit);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    orders.add(readOrder(rs));
                }
            }
        }
        return orders;
    }

    List<Fill> fillsSince(String accountId, long cursor) throws SQLException {
        List<Fill> fills = new ArrayList<>();
        try (var st = connection.prepareStatement("SELECT cursor, fill_id, order_id, client_id, symbol, side, size, price, "
                + "fee, realized_pnl, liquidation, time FROM fill WHERE account_id = ? AND cursor > ? ORDER BY cursor")) {
            st.setString(1, accountId);
            st.setLong(2, cursor);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    fills.add(new Fill(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            Side.valueOf(rs.getString(6)), new BigDecimal(rs.getString(7)), new BigDecimal(rs.getString(8)),
                            new BigDecimal(rs.getString(9)), new BigDecimal(rs.getString(10)), rs.getInt(11) != 0,
                            rs.getLong(12)));
                }
            }
        }
        return fills;
    }

    /** Ends a read-only transaction (queries start one implicitly with autocommit off). */
    void endRead() throws SQLException {
        connection.commit();
    }

    /** Writes one transaction. On failure nothing of it is kept and the caller must reload its memory state. */
    void commit(Changes changes, FeedState feed, Map<String, MarkState> marks) throws SQLException {
        try {
            write(changes, feed, marks);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private void write(Changes changes, FeedState feed, Map<String, MarkState> marks) throws SQLException {
        if (changes.feed) {
            try (var st = connection.prepareStatement("INSERT INTO feed (id, seed, step, last_step_at) VALUES (1, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET step = excluded.step, last_step_at = excluded.last_step_at")) {
                st.setLong(1, feed.seed);
                st.setLong(2, feed.step);
                st.setLong(3, feed.lastStepAt);
                st.executeUpdate();
            }
        }
        if (!changes.marks.isEmpty()) {
            try (var st = connection.prepareStatement("INSERT INTO mark (symbol, raw_price, mark, time) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (symbol) DO UPDATE SET raw_price = excluded.raw_price, mark = excluded.mark, "
                    + "time = excluded.time")) {
                for (String symbol : changes.marks) {
                    MarkState m = marks.get(symbol);
                    st.setString(1, symbol);
                    st.setDouble(2, m.raw());
                    st.setString(3, m.mark().toPlainString());
                    st.setLong(4, m.time());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.accounts.isEmpty()) {
            try (var st = connection.prepareStatement("INSERT INTO account (id, balance, created_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET balance = excluded.balance")) {
                for (AccountState a : changes.accounts) {
                    st.setString(1, a.id);
                    st.setString(2, a.balance.toPlainString());
                    st.setLong(3, a.createdAt);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        writeLeverage(changes.leverage);
        writeIsolated(changes.isolated);
        writePositions(changes.positions, changes.time);
        writeOrders(changes.orders.values());
        writeFills(changes.fills);
        writeAttached(changes);
    }

    private void writeIsolated(Map<AccountState, Set<String>> isolated) throws SQLException {
        if (isolated.isEmpty()) {
            return;
        }
        try (var upsert = connection.prepareStatement("INSERT INTO isolated_margin (account_id, symbol, margin) "
                + "VALUES (?, ?, ?) ON CONFLICT (account_id, symbol) DO UPDATE SET margin = excluded.margin");
             var delete = connection.prepareStatement(
                     "DELETE FROM isolated_margin WHERE account_id = ? AND symbol = ?")) {
            for (var e : isolated.entrySet()) {
                for (String symbol : e.getValue()) {
                    BigDecimal margin = e.getKey().isolated.get(symbol);
                    var st = margin == null ? delete : upsert;
                    st.setString(1, e.getKey().id);
                    st.setString(2, symbol);
                    if (margin != null) {
                        st.setString(3, margin.toPlainString());
                    }
                    st.executeUpdate();
                }
            }
        }
    }

    private void writeLeverage(Map<AccountState, Set<String>> leverage) throws SQLException {
        if (leverage.isEmpty()) {
            return;
        }
        try (var st = connection.prepareStatement("INSERT INTO leverage (account_id, symbol, leverage) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id, symbol) DO UPDATE SET leverage = excluded.leverage")) {
            for (var e : leverage.entrySet()) {
                for (String symbol : e.getValue()) {
                    st.setString(1, e.getKey().id);
                    st.setString(2, symbol);
                    st.setInt(3, e.getKey().leverage.get(symbol));
                    st.addBatch();
                }
            }
            st.executeBatch();
        }
    }

    private void writePositions(Map<AccountState, Set<String>> positions, long time) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        try (var upsert = connection.prepareStatement("INSERT INTO position (account_id, symbol, size, entry_price, "
                + "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, symbol) DO UPDATE SET size = excluded.size, "
                + "entry_price = excluded.entry_price, updated_at = excluded.updated_at");
             var delete = connection.prepareStatement("DELETE FROM position WHERE account_id = ? AND symbol = ?")) {
            for (var e : positions.entrySet()) {
                AccountState a = e.getKey();
                for (String symbol : e.getValue()) {
                    PositionState p = a.position(symbol);
                    if (p.isFlat()) {
                        delete.setString(1, a.id);
                        delete.setString(2, symbol);
                        delete.executeUpdate();
                    } else {
                        upsert.setString(1, a.id);
                        upsert.setString(2, symbol);
                        upsert.setString(3, p.size().toPlainString());
                        upsert.setString(4, p.entryPrice().toPlainString());
                        upsert.setLong(5, time);
                        upsert.executeUpdate();
                    }
                }
            }
        }
    }

    private void writeOrders(Iterable<Changes.OrderRow> orders) throws SQLException {
        try (var st = connection.prepareStatement("INSERT INTO orders (order_id, account_id, client_id, symbol, side, type, "
                + "size, filled_size, limit_price, trigger_price, reduce_only, status, reject_reason, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET "
                + "filled_size = excluded.filled_size, status = excluded.status, reject_reason = excluded.reject_reason, "
                + "updated_at = excluded.updated_at")) {
            boolean any = false;
            for (Changes.OrderRow row : orders) {
                Order o = row.order();
                st.setLong(1, Long.parseLong(o.orderId()));
                st.setString(2, row.accountId());
                st.setString(3, o.clientId());
                st.setString(4, o.symbol());
                st.setString(5, o.side().name());
                st.setString(6, o.type().name());
                st.setString(7, o.size().toPlainString());
                st.setString(8, o.filledSize().toPlainString());
                setDecimal(st, 9, o.limitPrice());
                setDecimal(st, 10, o.triggerPrice());
                st.setInt(11, o.reduceOnly() ? 1 : 0);
                st.setString(12, o.status().name());
                st.setString(13, o.rejectReason());
                st.setLong(14, o.createdAt());
                st.setLong(15, o.updatedAt());
                st.addBatch();
                any = true;
            }
            if (any) {
                st.executeBatch();
            }
        }
    }

    private void writeAttached(Changes changes) throws SQLException {
        if (!changes.waitingRemoved.isEmpty()) {
            try (var st = connection.prepareStatement(
                    "DELETE FROM waiting_child WHERE account_id = ? AND parent_order_id = ?")) {
                for (Changes.ParentKey k : changes.waitingRemoved) {
                    st.setString(1, k.accountId());
                    st.setLong(2, k.parentOrderId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.waitingAdded.isEmpty()) {
            try (var st = connection.prepareStatement("INSERT INTO waiting_child (account_id, parent_order_id, seq, "
                    + "client_id, symbol, side, type, size, limit_price, trigger_price, reduce_only) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Changes.WaitingChild w : changes.waitingAdded) {
                    OrderRequest r = w.request();
                    st.setString(1, w.accountId());
                    st.setLong(2, w.parentOrderId());
                    st.setInt(3, w.seq());
                    st.setString(4, r.clientId());
                    st.setString(5, r.symbol());
                    st.setString(6, r.side().name());
                    st.setString(7, r.type().name());
                    st.setString(8, r.size().toPlainString());
                    setDecimal(st, 9, r.limitPrice());
                    setDecimal(st, 10, r.triggerPrice());
                    st.setInt(11, r.reduceOnly() ? 1 : 0);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.positionSizedRemoved.isEmpty()) {
            try (var st = connection.prepareStatement("DELETE FROM position_sized WHERE account_id = ? AND order_id = ?")) {
                for (Changes.ParentKey k : changes.positionSizedRemoved) {
                    st.setString(1, k.accountId());
                    st.setLong(2, k.parentOrderId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.positionSizedAdded.isEmpty()) {
            try (var st = connection.prepareStatement("INSERT OR IGNORE INTO position_sized (account_id, order_id) "
                    + "VALUES (?, ?)")) {
                for (Changes.ParentKey k : changes.positionSizedAdded) {
                    st.setString(1, k.accountId());
                    st.setLong(2, k.parentOrderId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.ocoRemoved.isEmpty()) {
            try (var st = connection.prepareStatement("DELETE FROM oco_member WHERE account_id = ? AND order_id = ?")) {
                for (Changes.OcoRow o : changes.ocoRemoved) {
                    st.setString(1, o.accountId());
                    st.setLong(2, o.orderId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.ocoAdded.isEmpty()) {
            try (var st = connection.prepareStatement("INSERT INTO oco_member (account_id, order_id, group_id) "
                    + "VALUES (?, ?, ?) ON CONFLICT (account_id, order_id) DO UPDATE SET group_id = excluded.group_id")) {
                for (Changes.OcoRow o : changes.ocoAdded) {
                    st.setString(1, o.accountId());
                    st.setLong(2, o.orderId());
                    st.setLong(3, o.groupId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.gaps.isEmpty()) {
            try (var st = connection.prepareStatement("INSERT INTO protection_gap (account_id, symbol, from_ms, to_ms) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, symbol, from_ms) DO UPDATE SET to_ms = excluded.to_ms")) {
                for (ProtectionLedger.Gap g : changes.gaps) {
                    st.setString(1, g.account());
                    st.setString(2, g.symbol());
                    st.setLong(3, g.fromMs());
                    if (g.toMs() == null) {
                        st.setNull(4, Types.INTEGER);
                    } else {
                        st.setLong(4, g.toMs());
                    }
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!changes.gapsDropped.isEmpty()) {
            try (var st = connection.prepareStatement(
                    "DELETE FROM protection_gap WHERE account_id = ? AND symbol = ? AND from_ms = ? AND to_ms IS NULL")) {
                for (ProtectionLedger.Gap g : changes.gapsDropped) {
                    st.setString(1, g.account());
                    st.setString(2, g.symbol());
                    st.setLong(3, g.fromMs());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    private void writeFills(List<Changes.FillRow> fills) throws SQLException {
        if (fills.isEmpty()) {
            return;
        }
        try (var st = connection.prepareStatement("INSERT INTO fill (cursor, fill_id, order_id, account_id, client_id, symbol, "
                + "side, size, price, fee, realized_pnl, liquidation, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Changes.FillRow row : fills) {
                Fill f = row.fill();
                st.setLong(1, f.cursor());
                st.setString(2, f.fillId());
                st.setString(3, f.orderId());
                st.setString(4, row.accountId());
                st.setString(5, f.clientId());
                st.setString(6, f.symbol());
                st.setString(7, f.side().name());
                st.setString(8, f.size().toPlainString());
                st.setString(9, f.price().toPlainString());
                st.setString(10, f.fee().toPlainString());
                st.setString(11, f.realizedPnl().toPlainString());
                st.setInt(12, f.liquidation() ? 1 : 0);
                st.setLong(13, f.time());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static final String ORDER_SELECT = "SELECT order_id, account_id, client_id, symbol, side, type, size, "
            + "filled_size, limit_price, trigger_price, reduce_only, status, reject_reason, created_at, updated_at FROM orders";

    private static Order readOrder(ResultSet rs) throws SQLException {
        return new Order(Long.toString(rs.getLong("order_id")), rs.getString("client_id"), rs.getString("symbol"),
                Side.valueOf(rs.getString("side")), OrderType.valueOf(rs.getString("type")),
                new BigDecimal(rs.getString("size")), new BigDecimal(rs.getString("filled_size")),
                decimal(rs.getString("limit_price")), decimal(rs.getString("trigger_price")),
                rs.getInt("reduce_only") != 0, OrderStatus.valueOf(rs.getString("status")),
                rs.getString("reject_reason"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    private static void setDecimal(PreparedStatement st, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value.toPlainString());
        }
    }

    private long singleLong(String sql) throws SQLException {
        try (var st = connection.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Lets go of the file exactly as a killed process would: no checkpoint, no final write. Everything committed
     * is already in the WAL; tests use this to prove that nothing else is needed.
     */
    void abandon() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("event=sim_db_abandon_failed file={} error={}", file, e.toString());
        }
        closeQuietly(lockChannel);
    }

    @Override
    public void close() {
        try {
            connection.close();
            log.info("event=sim_db_closed file={}", file);
        } catch (SQLException e) {
            log.warn("event=sim_db_close_failed file={} error={}", file, e.toString());
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close(); // releases the lock too
            } catch (IOException ignored) {
                // nothing left to protect: the lock dies with the channel
            }
        }
    }
}
