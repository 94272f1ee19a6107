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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Writes every event to SQLite and to the log (one key=value line each) and hands it to listeners (the SSE stream).
 * A failing disk must not stop PM from watching traders, so a write error is logged, not thrown.
 */
public final class EventLog {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final Connection db;
    private final Clock clock;
    private final List<Consumer<PmEvent>> listeners = new CopyOnWriteArrayList<>();

    public EventLog(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void listen(Consumer<PmEvent> listener) {
        listeners.add(listener);
    }

    public PmEvent record(String kind, String service, String action, String remote, String outcome, String detail) {
        long now = clock.millis();
        long id = -1;
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO events (ts, kind, service, action, remote, outcome, detail) VALUES (?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, now);
                ps.setString(2, kind);
                ps.setString(3, service);
                ps.setString(4, action);
                ps.setString(5, remote);
                ps.setString(6, outcome);
                ps.setString(7, detail);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (keys.next()) {
                        id = keys.getLong(1);
                    }
                }
            } catch (SQLException e) {
                log.error("event=event_write_failed kind={} service={} error={}", kind, service, e.toString());
            }
        }
        log.info("event={} service={} action={} remote={} outcome={} detail=\"{}\"", kind, service, action, remote,
                outcome, detail == null ? "" : detail.replace('"', '\''));
        PmEvent event = new PmEvent(id, now, kind, service, action, remote, outcome, detail);
        for (Consumer<PmEvent> l : listeners) {
            l.accept(event);
        }
        return event;
    }

    public PmEvent state(String service, String from, String to, String detail) {
        return record("state", service, from + "->" + to, null, to, detail);
    }

    public PmEvent audit(String service, String action, String remote, String outcome, String detail) {
        return record("audit", service, action, remote, outcome, detail);
    }

    /** Newest last; events after {@code afterId}, at most {@code limit}. */
    public List<PmEvent> list(long afterId, long since, int limit) throws SQLException {
        List<PmEvent> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement ps = db.prepareStatement(
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
        }
        return out;
    }
}
