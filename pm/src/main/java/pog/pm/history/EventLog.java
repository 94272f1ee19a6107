package pog.pm.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Logs every event at once (one key=value line), writes it to SQLite in the background (batched, so a burst at
 * start-up costs one transaction) and then hands it, with its id, to listeners (the SSE stream). A failing disk
 * must not stop PM from watching traders, so a write error is logged, not thrown.
 */
public final class EventLog {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final PmDb db;
    private final Clock clock;
    private final List<Consumer<PmEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<PmEvent> pending = new ConcurrentLinkedQueue<>();

    public EventLog(PmDb db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void listen(Consumer<PmEvent> listener) {
        listeners.add(listener);
    }

    public void record(String kind, String service, String action, String remote, String outcome, String detail) {
        PmEvent event = new PmEvent(-1, clock.millis(), kind, service, action, remote, outcome, detail);
        log.info("event={} service={} action={} remote={} outcome={} detail=\"{}\"", kind, service, action, remote,
                outcome, detail == null ? "" : detail.replace('"', '\''));
        pending.add(event);
        db.submit(this::flush).exceptionally(e -> {
            log.error("event=event_write_failed error={}", e.toString());
            return null;
        });
    }

    public void state(String service, String from, String to, String detail) {
        record("state", service, from + "->" + to, null, to, detail);
    }

    public void audit(String service, String action, String remote, String outcome, String detail) {
        record("audit", service, action, remote, outcome, detail);
    }

    private Void flush(Connection c) throws SQLException {
        List<PmEvent> batch = new ArrayList<>();
        for (PmEvent e; (e = pending.poll()) != null; ) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return null;
        }
        List<PmEvent> written = new ArrayList<>(batch.size());
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO events (ts, kind, service, action, remote, outcome, detail) VALUES (?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (PmEvent e : batch) {
                ps.setLong(1, e.time());
                ps.setString(2, e.kind());
                ps.setString(3, e.service());
                ps.setString(4, e.action());
                ps.setString(5, e.remote());
                ps.setString(6, e.outcome());
                ps.setString(7, e.detail());
                ps.executeUpdate();
                long id = -1;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (keys.next()) {
                        id = keys.getLong(1);
                    }
                }
                written.add(new PmEvent(id, e.time(), e.kind(), e.service(), e.action(), e.remote(), e.outcome(),
                        e.detail()));
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        for (PmEvent e : written) {
            for (Consumer<PmEvent> l : listeners) {
                l.accept(e);
            }
        }
        return null;
    }

    /** Deletes events older than {@code before} (epoch ms); returns how many. */
    public int prune(long before) throws SQLException {
        return db.call(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE ts < ?")) {
                ps.setLong(1, before);
                return ps.executeUpdate();
            }
        });
    }

    /** Oldest first: events after {@code afterId} and at or after {@code since}, the newest {@code limit} of them. */
    public List<PmEvent> list(long afterId, long since, int limit) throws SQLException {
        return db.call(c -> {
            List<PmEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM (SELECT id, ts, kind, service, action, remote, outcome, detail FROM events "
                            + "WHERE id > ? AND ts >= ? ORDER BY id DESC LIMIT ?) ORDER BY id")) {
                ps.setLong(1, afterId);
                ps.setLong(2, since);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PmEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }
}
