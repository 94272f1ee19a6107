package pog.trader.journal;

import org.flywaydb.core.api.FlywayException;
import pog.common.db.Database;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Position;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The trader's SQLite journal. Every write is its own committed transaction: a kill -9 loses nothing that a method
 * returned from. Used from the trading loop's thread and read by the API; one connection, synchronized.
 */
public final class Journal implements AutoCloseable {
    private final Connection db;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private Journal(Connection db) {
        this.db = db;
    }

    /**
     * Opens the journal, creating it when missing. An existing file is first checked without writing to it (read
     * only, no schema migration): one that is not an intact trader journal is refused with a
     * {@link DamagedJournalException} and left exactly as it was.
     */
    public static Journal open(Path file) throws IOException {
        return open(file, UnaryOperator.identity());
    }

    /**
     * {@link #open(Path)} with the database connection passed through {@code connection} first: the seam where a
     * test puts a connection whose writes fail as a full disk's would.
     */
    public static Journal open(Path file, UnaryOperator<Connection> connection) throws IOException {
        JournalCheck.requireIntact(file);
        try {
            Connection db = connection.apply(Database.open(file, "trader"));
            try (var st = db.createStatement()) {
                // checkpoints (which fsync) happen in checkpoint(), off the order path, not inside a commit
                st.execute("PRAGMA wal_autocheckpoint=0");
            }
            return new Journal(db);
        } catch (SQLException e) {
            throw new IOException("cannot open journal " + file + ": " + SqliteWords.of(e), e);
        } catch (FlywayException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof SQLException sql) {
                    // the file is intact (checked above) but cannot be opened for writing: full, read-only, ...
                    throw new IOException("cannot open journal " + file + " for writing: " + SqliteWords.of(sql), e);
                }
            }
            // intact, but its schema history is not this build's (a migration edited or missing)
            throw DamagedJournalException.otherVersion(file);
        }
    }

    /** Moves the write-ahead log into the database file; the engine calls it between decisions. */
    public synchronized void checkpoint() {
        try (var st = db.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            throw new JournalException(e);
        }
    }

    /** Purpose of an order, so reconciliation knows what a resting order is for. */
    public enum Purpose { ENTRY, EXIT, STOP, FLATTEN }

    public record JournalOrder(String clientId, String orderId, String symbol, String side, String type, String size,
                               String triggerPrice, Purpose purpose, String status, String reason, long createdAt,
                               long updatedAt) {
    }

    public record Event(long id, long time, String kind, String detail) {
    }

    public record JournalPosition(String symbol, BigDecimal size, BigDecimal entryPrice, BigDecimal stopPrice) {
    }

    /**
     * The instance epochs this trader's client ids carried (and those it took over), oldest first. Client ids
     * themselves are made by {@code pog.trader.ownership.IdSource} from the epoch and a sequence in memory: an epoch is
     * new on every start, so no id needs writing before it is used.
     */
    public synchronized java.util.SortedSet<Long> epochs() {
        return epochs("SELECT epoch FROM epochs WHERE origin <> 'foreign'");
    }

    /** Epochs seen on the account that are not this trader's (it was held by them), until taken over. */
    public synchronized java.util.SortedSet<Long> foreignEpochs() {
        return epochs("SELECT epoch FROM epochs WHERE origin = 'foreign'");
    }

    private java.util.SortedSet<Long> epochs(String sql) {
        java.util.SortedSet<Long> out = new java.util.TreeSet<>();
        try (PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
        return out;
    }

    /**
     * Remembers an epoch: this trader's own ({@code origin} started, rolled, taken_over) or another writer's
     * ({@code foreign}, so a held trader is still held after a restart). Only a take-over turns a foreign epoch
     * into an own one; nothing turns an own epoch foreign.
     */
    public synchronized void epoch(long epoch, String origin, long now) {
        update("INSERT INTO epochs (epoch, origin, created_at) VALUES (?,?,?) ON CONFLICT (epoch) DO UPDATE SET "
                + "origin = excluded.origin, created_at = excluded.created_at WHERE epochs.origin = 'foreign' AND "
                + "excluded.origin = 'taken_over'", epoch, origin, now);
    }

    /**
     * A small write that says whether the journal can be written right now, whatever else the loop has to write
     * this time (a flat, idle trader writes nothing else).
     */
    public synchronized void heartbeat(long now) {
        putMeta("heartbeat_at", Long.toString(now));
    }

    /** Write-ahead record of an order about to be sent. */
    public synchronized void intent(OrderRequest r, Purpose purpose, long now) {
        update("INSERT OR IGNORE INTO orders (client_id, symbol, side, type, size, limit_price, trigger_price, "
                        + "reduce_only, purpose, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,'PENDING',?,?)",
                r.clientId(), r.symbol(), r.side().name(), r.type().name(), r.size().toPlainString(),
                str(r.limitPrice()), str(r.triggerPrice()), r.reduceOnly() ? 1 : 0, purpose.name(), now, now);
    }

    /** What the venue answered (or what reconciliation found) for an order. */
    public synchronized void orderUpdate(Order o, long now) {
        update("UPDATE orders SET order_id = ?, status = ?, reason = ?, updated_at = ? WHERE client_id = ?",
                o.orderId(), o.status().name(), o.rejectReason(), now, o.clientId());
    }

    public synchronized void orderStatus(String clientId, String status, String reason, long now) {
        update("UPDATE orders SET status = ?, reason = ?, updated_at = ? WHERE client_id = ?", status, reason, now, clientId);
    }

    public synchronized List<JournalOrder> ordersWithStatus(String status) {
        return orders("SELECT * FROM orders WHERE status = ? ORDER BY created_at", status);
    }

    public synchronized List<JournalOrder> recentOrders(int limit) {
        return orders("SELECT * FROM orders ORDER BY created_at DESC, client_id DESC LIMIT ?", limit);
    }

    public synchronized Purpose purposeOf(String clientId) {
        List<JournalOrder> found = orders("SELECT * FROM orders WHERE client_id = ?", clientId);
        return found.isEmpty() ? null : found.get(0).purpose();
    }

    /** Records fills not yet journaled and advances the cursor; returns how many were new. */
    public synchronized int fills(List<Fill> fills) {
        int added = 0;
        long cursor = fillCursor();
        for (Fill f : fills) {
            added += update("INSERT OR IGNORE INTO fills (fill_id, cursor, order_id, client_id, symbol, side, size, "
                            + "price, fee, realized_pnl, liquidation, time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    f.fillId(), f.cursor(), f.orderId(), f.clientId(), f.symbol(), f.side().name(),
                    f.size().toPlainString(), f.price().toPlainString(), f.fee().toPlainString(),
                    f.realizedPnl().toPlainString(), f.liquidation() ? 1 : 0, f.time());
            cursor = Math.max(cursor, f.cursor());
        }
        putMeta("fill_cursor", Long.toString(cursor));
        return added;
    }

    public synchronized long fillCursor() {
        return Long.parseLong(meta("fill_cursor", "0"));
    }

    public synchronized List<Fill> fillsSince(long sinceTime, int limit) {
        List<Fill> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT * FROM fills WHERE time >= ? ORDER BY cursor LIMIT ?")) {
            ps.setLong(1, sinceTime);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Fill(rs.getLong("cursor"), rs.getString("fill_id"), rs.getString("order_id"),
                            rs.getString("client_id"), rs.getString("symbol"), pog.venue.Side.valueOf(rs.getString("side")),
                            new BigDecimal(rs.getString("size")), new BigDecimal(rs.getString("price")),
                            new BigDecimal(rs.getString("fee")), new BigDecimal(rs.getString("realized_pnl")),
                            rs.getInt("liquidation") == 1, rs.getLong("time")));
                }
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
        return out;
    }

    /** Replaces the journal's view of positions with the venue's, keeping intended stop prices of symbols still held. */
    public synchronized void positions(List<Position> venue, Map<String, BigDecimal> stopPrices, long now) {
        try {
            db.setAutoCommit(false);
            try {
                update("DELETE FROM positions");
                for (Position p : venue) {
                    update("INSERT INTO positions (symbol, size, entry_price, stop_price, updated_at) VALUES (?,?,?,?,?)",
                            p.symbol(), p.size().toPlainString(), p.entryPrice().toPlainString(),
                            str(stopPrices.get(p.symbol())), now);
                }
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
    }

    public synchronized Map<String, JournalPosition> positions() {
        Map<String, JournalPosition> out = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT * FROM positions");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String stop = rs.getString("stop_price");
                out.put(rs.getString("symbol"), new JournalPosition(rs.getString("symbol"),
                        new BigDecimal(rs.getString("size")), new BigDecimal(rs.getString("entry_price")),
                        stop == null ? null : new BigDecimal(stop)));
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
        return out;
    }

    public synchronized void equity(Account a) {
        update("INSERT OR REPLACE INTO equity (time, equity, margin_used, available) VALUES (?,?,?,?)",
                a.observedAt(), a.equity().toPlainString(), a.marginUsed().toPlainString(), a.available().toPlainString());
    }

    public synchronized void event(long now, String kind, String detail) {
        update("INSERT INTO events (time, kind, detail) VALUES (?,?,?)", now, kind, detail);
    }

    public synchronized List<Event> events(int limit) {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT * FROM events ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getLong("id"), rs.getLong("time"), rs.getString("kind"), rs.getString("detail")));
                }
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
        return out;
    }

    public synchronized String meta(String key, String defaultValue) {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : defaultValue;
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
    }

    public synchronized void putMeta(String key, String value) {
        update("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
    }

    @Override
    public synchronized void close() {
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            db.close();
        } catch (SQLException e) {
            throw new JournalException(e);
        }
    }

    private List<JournalOrder> orders(String sql, Object... args) {
        List<JournalOrder> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new JournalOrder(rs.getString("client_id"), rs.getString("order_id"), rs.getString("symbol"),
                        rs.getString("side"), rs.getString("type"), rs.getString("size"), rs.getString("trigger_price"),
                        Purpose.valueOf(rs.getString("purpose")), rs.getString("status"), rs.getString("reason"),
                        rs.getLong("created_at"), rs.getLong("updated_at")));
            }
        } catch (SQLException e) {
            throw new JournalException(e);
        }
        return out;
    }

    /** Writes reuse their prepared statement: preparing costs as much as the insert on the order path. */
    private int update(String sql, Object... args) {
        PreparedStatement ps = statements.get(sql);
        try {
            if (ps == null) {
                ps = db.prepareStatement(sql);
                statements.put(sql, ps);
            }
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            // the driver finalizes a statement whose write failed: prepare it afresh next time, or the journal
            // could never be written again once the disk is back
            PreparedStatement failed = statements.remove(sql);
            if (failed != null) {
                try {
                    failed.close();
                } catch (SQLException ignored) {
                    // already unusable; the failure that matters is e
                }
            }
            throw new JournalException(e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static String str(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    /** The journal could not be written: the trader must not pretend it remembered. */
    public static final class JournalException extends RuntimeException {
        private final String reason;

        JournalException(SQLException e) {
            this(SqliteWords.of(e), e);
        }

        private JournalException(String reason, SQLException e) {
            super("journal: " + reason, e);
            this.reason = reason;
        }

        /** What went wrong, in a few plain words ("disk full", "disk I/O error", ...). */
        public String reason() {
            return reason;
        }
    }
}
