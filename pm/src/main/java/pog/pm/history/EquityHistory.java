package pog.pm.history;

import pog.pm.config.HistoryConfig;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sampled equity per trader and in total. Only equity observed fresh is written: a gap in the history is the honest
 * record of a trader PM could not see. Old samples are thinned: full resolution, then per minute, then per hour.
 */
public final class EquityHistory {
    public static final String TOTAL = "*";
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final int MAX_POINTS = 5_000;

    private final PmDb db;
    private final HistoryConfig config;

    public EquityHistory(PmDb db, HistoryConfig config) {
        this.db = db;
        this.config = config;
    }

    /** One sample: the equity of each trader seen fresh, and the total when {@code total} is not null. */
    public void record(long ts, Map<String, BigDecimal> perService, BigDecimal total) throws SQLException {
        db.call(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO equity (ts, service, equity) VALUES (?,?,?)")) {
                for (Map.Entry<String, BigDecimal> e : perService.entrySet()) {
                    ps.setLong(1, ts);
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue().toPlainString());
                    ps.addBatch();
                }
                if (total != null) {
                    ps.setLong(1, ts);
                    ps.setString(2, TOTAL);
                    ps.setString(3, total.toPlainString());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    /** Thins samples older than the raw retention to one a minute, older than the minute retention to one an hour. */
    public int downsample(long now) throws SQLException {
        long rawCut = now - config.rawRetentionHours() * HOUR;
        long minuteCut = now - config.minuteRetentionDays() * 24 * HOUR;
        long dropCut = now - config.retentionDays() * 24 * HOUR;
        return db.call(c -> thin(c, rawCut, MINUTE) + thin(c, minuteCut, HOUR) + drop(c, dropCut));
    }

    private static int drop(Connection c, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM equity WHERE ts < ?")) {
            ps.setLong(1, before);
            return ps.executeUpdate();
        }
    }

    private static int thin(Connection c, long before, long bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM equity WHERE ts < ? AND rowid NOT IN "
                        + "(SELECT MIN(rowid) FROM equity WHERE ts < ? GROUP BY service, ts / ?)")) {
            ps.setLong(1, before);
            ps.setLong(2, before);
            ps.setLong(3, bucket);
            return ps.executeUpdate();
        }
    }

    public record Point(long t, BigDecimal total, Map<String, BigDecimal> services) {
    }

    public record Series(long from, long to, long step, List<Point> points) {
    }

    /** The last sample in each {@code step}-wide bucket of [from, to). */
    public Series query(long from, long to, long step) throws SQLException {
        if (to <= from) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if (step <= 0) {
            throw new IllegalArgumentException("'step' must be positive");
        }
        if ((to - from) / step > MAX_POINTS) {
            throw new IllegalArgumentException("at most " + MAX_POINTS + " points: use a larger step (at least "
                    + ((to - from) / MAX_POINTS + 1) + " ms)");
        }
        TreeMap<Long, Map<String, BigDecimal>> buckets = db.call(c -> {
            TreeMap<Long, Map<String, BigDecimal>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ts, service, equity FROM equity WHERE ts >= ? AND ts < ? ORDER BY ts")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long b = from + (rs.getLong(1) - from) / step * step;
                        out.computeIfAbsent(b, k -> new LinkedHashMap<>())
                                .put(rs.getString(2), new BigDecimal(rs.getString(3)));
                    }
                }
            }
            return out;
        });
        List<Point> points = new ArrayList<>(buckets.size());
        buckets.forEach((t, values) -> {
            BigDecimal total = values.remove(TOTAL);
            points.add(new Point(t, total, values));
        });
        return new Series(from, to, step, points);
    }
}
