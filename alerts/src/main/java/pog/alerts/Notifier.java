package pog.alerts;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.alerts.channels.Channels;
import pog.common.db.Database;
import pog.common.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one notifier of a process (PM, watchdog or trader). Watchers {@link #raise} and {@link #clear} conditions by
 * key; the notifier folds repeats into one alert with a count, holds a resolve until the condition stays clear for
 * {@code resolveAfterMs}, rate-limits per source, and writes every message for every channel into its SQLite journal
 * before trying it. One worker per channel sends that channel's queue oldest first, retrying with backoff (1 s
 * doubling to 5 min, {@value #MAX_ATTEMPTS} tries); a pending row survives a restart and is sent then, and a row is
 * marked sent in the same moment the channel accepted it. A channel that fails is itself an alert, sent through the
 * other channels. Every decision takes its time from the injected clock; {@link #tick} applies holds and resolves.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final int MAX_ATTEMPTS = 20;
    static final long FIRST_BACKOFF_MS = 1_000;
    static final long MAX_BACKOFF_MS = 300_000;
    private static final long HOUR = 3_600_000L;
    /**
     * The longest a worker or the timer sleeps when nothing is due: they are woken by what makes something due (a
     * queued message, a held or cleared condition), so this only bounds the effect of a wall-clock jump.
     */
    private static final long MAX_SLEEP_MS = 60_000;

    private final AlertsConfig config;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Connection db;
    private final Clock clock;
    private final String origin;
    private final String link;
    private final List<String> secrets;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    /** Workers and the timer wait on it; {@link #wakeCount} (guarded by it) makes a wake-up between a look and a wait count. */
    private final Object wake = new Object();
    private long wakeCount;
    private Counter sent;

    private record Held(long since, Condition condition) {
    }

    /**
     * @param origin who sends (e.g. {@code pm}, {@code watchdog}, {@code trader trader-hl}), shown in every message
     * @param link   the dashboard link when the config does not set {@code dashboardUrl} (may be null)
     */
    public Notifier(AlertsConfig config, List<Channel> channels, Path journal, Clock clock, String origin, String link)
            throws IOException {
        this.config = config;
        for (Channel c : channels) {
            this.channels.put(c.name(), c);
        }
        this.clock = clock;
        this.origin = origin;
        this.link = config.dashboardUrl() != null ? config.dashboardUrl() : link;
        this.secrets = config.secrets();
        try {
            this.db = Database.open(journal, "alerts");
        } catch (SQLException e) {
            throw new IOException("the alerts journal " + journal + " cannot be opened", e);
        }
    }

    /** A notifier over the configured channels, its workers running. */
    public static Notifier start(AlertsConfig config, Path journal, String origin, String link) throws IOException {
        Notifier n = new Notifier(config, Channels.of(config.channels()), journal, Clock.systemUTC(), origin, link);
        n.start();
        return n;
    }

    /** Counts every attempt as {@code pog_alerts_sent_total{channel, outcome=sent|retry|failed}}. */
    public synchronized Notifier metrics(PrometheusRegistry registry) {
        sent = Counter.builder().name("pog_alerts_sent_total")
                .help("Alert messages per channel and outcome: sent, retry (failed, will try again), failed (gave up)")
                .labelNames("channel", "outcome").register(registry);
        for (String c : channels.keySet()) {
            sent.labelValues(c, "sent");
        }
        return this;
    }

    /** Starts one worker per channel and the timer that applies holds and resolves. */
    public void start() {
        for (String name : channels.keySet()) {
            Thread t = new Thread(() -> work(name), "alerts-" + name);
            t.setDaemon(true);
            workers.add(t);
        }
        // asleep until a hold or a resolve is due: an idle notifier does no work (it used to look every 250 ms)
        Thread timer = new Thread(() -> {
            while (!closed.get()) {
                long seen = wakeCount();
                long sleep;
                try {
                    tick();
                    sleep = untilDueMs();
                } catch (RuntimeException | SQLException e) {
                    log.error("event=alerts_tick_failed error={}", mask(e.toString()));
                    sleep = 1_000;
                }
                if (!sleepUnlessWoken(seen, sleep)) {
                    return;
                }
            }
        }, "alerts-timer");
        timer.setDaemon(true);
        workers.add(timer);
        workers.forEach(Thread::start);
    }

    public List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }

    public AlertsConfig config() {
        return config;
    }

    // ---- raising and clearing -------------------------------------------------------------------------------

    /** The condition holds now. Never blocks on a channel; a journal write failure is logged, not thrown. */
    public void raise(Condition c) {
        try {
            if (c.holdMs() > 0 && openAlert(c.key()) == null) {
                held.putIfAbsent(c.key(), new Held(clock.millis(), c));
                tick();
                wakeUp();
                return;
            }
            open(c);
        } catch (SQLException e) {
            log.error("event=alert_journal_failed key={} error={}", c.key(), mask(e.toString()));
        }
    }

    /**
     * The condition no longer holds. Its alert is resolved once it has stayed clear for {@code resolveAfterMs}
     * ({@code immediately}: at once, e.g. PM answering again after the watchdog found it down).
     */
    public void clear(String key, String how, boolean immediately) {
        held.remove(key);
        try {
            synchronized (this) {
                Row open = openAlert(key);
                if (open == null) {
                    return;
                }
                if (open.clearSince == null) {
                    update("UPDATE alerts SET clear_since = ? WHERE id = ?", clock.millis(), open.id);
                    resolveNotes.put(open.id, how);
                    wakeUp();
                }
                if (immediately || config.resolveAfterMs() == 0) {
                    resolve(openAlert(key), how);
                }
            }
        } catch (SQLException e) {
            log.error("event=alert_journal_failed key={} error={}", key, mask(e.toString()));
        }
    }

    private final Map<String, String> resolveNotes = new ConcurrentHashMap<>();

    /** A one-off notice (a control action): recorded, sent when its severity passes, never resolved. */
    public void notice(String source, Severity severity, String title, String happened, String action) {
        try {
            synchronized (this) {
                String id = newId();
                long now = clock.millis();
                boolean send = severity.atLeast(config.minSeverity());
                insertAlert(id, "notice:" + id, source, severity, title, happened, action, now, "resolved", send,
                        send ? null : "not sent: below minSeverity " + config.minSeverity().wire());
                update("UPDATE alerts SET resolved_at = ? WHERE id = ?", now, id);
                if (send) {
                    queue(new Message(id, "raise", now, severity, source, title, happened, action, link, 1, origin),
                            channels.keySet());
                }
            }
        } catch (SQLException e) {
            log.error("event=alert_journal_failed source={} error={}", source, mask(e.toString()));
        }
    }

    private synchronized void open(Condition c) throws SQLException {
        held.remove(c.key());
        long now = clock.millis();
        Row open = openAlert(c.key());
        if (open != null) {
            boolean escalate = c.escalates() && !open.escalated && open.sent;
            update("UPDATE alerts SET count = count + 1, updated_at = ?, clear_since = NULL, happened = ?, action = ?"
                    + (escalate ? ", escalated = 1, title = ?, severity = ?" : "") + " WHERE id = ?",
                    escalate ? new Object[]{now, c.happened(), c.action(), c.title(), c.severity().wire(), open.id}
                            : new Object[]{now, c.happened(), c.action(), open.id});
            resolveNotes.remove(open.id);
            if (escalate) {
                log.info("event=alert_escalated id={} key={} count={} title=\"{}\"", open.id, c.key(), open.count + 1,
                        c.title());
                queue(new Message(open.id, "update", now, c.severity(), c.source(), c.title(), c.happened(), c.action(),
                        link, open.count + 1, origin), sentTo(open.id));
            }
            return;
        }
        String id = newId();
        String note = null;
        boolean send = c.severity().atLeast(config.minSeverity());
        if (!send) {
            note = "not sent: below minSeverity " + config.minSeverity().wire();
        } else if (sentThisHour(c.source(), now) >= config.maxPerSourcePerHour()) {
            send = false;
            note = "not sent: more than " + config.maxPerSourcePerHour() + " alerts from " + c.source() + " this hour";
        }
        insertAlert(id, c.key(), c.source(), c.severity(), c.title(), c.happened(), c.action(), now, "open", send, note);
        log.info("event=alert_open id={} key={} severity={} sent={} title=\"{}\"", id, c.key(), c.severity().wire(),
                send, c.title());
        if (send) {
            Set<String> to = new LinkedHashSet<>(channels.keySet());
            if (c.key().startsWith(CHANNEL_KEY)) {
                to.remove(c.key().substring(CHANNEL_KEY.length()));
            }
            queue(new Message(id, "raise", now, c.severity(), c.source(), c.title(), c.happened(), c.action(), link, 1,
                    origin), to);
        }
    }

    private static final String CHANNEL_KEY = "alerts:channel:";

    /** Applies holds (a held condition that lasted becomes an alert) and due resolves. */
    public void tick() {
        long now = clock.millis();
        for (Held h : List.copyOf(held.values())) {
            if (now - h.since() >= h.condition().holdMs()) {
                try {
                    open(h.condition());
                } catch (SQLException e) {
                    log.error("event=alert_journal_failed key={} error={}", h.condition().key(), mask(e.toString()));
                }
            }
        }
        try {
            synchronized (this) {
                for (Row r : rows("SELECT " + COLUMNS + " FROM alerts WHERE state = 'open' AND clear_since IS NOT NULL"
                        + " AND clear_since <= ?", now - config.resolveAfterMs())) {
                    resolve(r, resolveNotes.get(r.id));
                }
            }
        } catch (SQLException e) {
            log.error("event=alert_journal_failed error={}", mask(e.toString()));
        }
    }

    private void resolve(Row r, String how) throws SQLException {
        long now = clock.millis();
        update("UPDATE alerts SET state = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ?", now, now, r.id);
        resolveNotes.remove(r.id);
        long lasted = (r.clearSince == null ? now : r.clearSince) - r.openedAt;
        String happened = (how == null ? "the condition cleared" : how) + ", " + human(lasted) + " after the alert"
                + (r.count > 1 ? "; seen " + r.count + " times" : "");
        log.info("event=alert_resolved id={} key={} count={} lasted_ms={}", r.id, r.key, r.count, lasted);
        if (r.sent) {
            queue(new Message(r.id, "resolve", now, Severity.parse(r.severity), r.source, r.title, happened,
                    "nothing more to do", link, r.count, origin), sentTo(r.id));
        }
    }

    /** Marks an alert acknowledged; false when there is no such alert. */
    public synchronized boolean ack(String id, String by) throws SQLException {
        int n = update("UPDATE alerts SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL", clock.millis(),
                by, id);
        if (n > 0) {
            log.info("event=alert_acked id={} by={}", id, by);
            return true;
        }
        return !rows("SELECT " + COLUMNS + " FROM alerts WHERE id = ?", id).isEmpty();
    }

    // ---- test messages ----------------------------------------------------------------------------------------

    /** One channel's answer to a test message. */
    public record TestResult(String channel, boolean ok, String detail) {
    }

    /**
     * Sends a test message through every channel now, in parallel, and waits for each answer (bounded by the
     * channels' timeouts); records it as an alert with its deliveries.
     */
    public List<TestResult> test(String by) throws SQLException {
        String id = newId();
        long now = clock.millis();
        Message m = testMessage(id, now, origin, link, by);
        synchronized (this) {
            insertAlert(id, "test:" + id, "test", Severity.INFO, m.title(), m.happened(), m.action(), now, "resolved",
                    true, null);
            update("UPDATE alerts SET resolved_at = ? WHERE id = ?", now, id);
        }
        List<TestResult> results = sendNow(new ArrayList<>(channels.values()), m, this::mask);
        synchronized (this) {
            for (TestResult r : results) {
                insert("INSERT INTO deliveries (alert_id, kind, channel, message, state, attempts, next_at, detail,"
                                + " created_at, done_at) VALUES (?, 'test', ?, ?, ?, 1, ?, ?, ?, ?)", id, r.channel(),
                        Json.write(m), r.ok() ? "sent" : "failed", now, r.detail(), now, clock.millis());
                count(r.channel(), r.ok() ? "sent" : "failed");
            }
        }
        return results;
    }

    public static Message testMessage(String id, long now, String origin, String link, String by) {
        return new Message(id, "test", now, Severity.INFO, "test", "Test alert from PoG",
                "someone asked for a test message" + (by == null ? "" : " (" + by + ")"),
                "nothing: if you read this, this channel works", link, 1, origin);
    }

    /** Sends one message through each channel in parallel; no journal (what {@code pog alert test} uses). */
    public static List<TestResult> sendNow(List<Channel> channels, Message m, java.util.function.UnaryOperator<String> mask) {
        List<java.util.concurrent.CompletableFuture<TestResult>> futures = new ArrayList<>();
        for (Channel c : channels) {
            futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    c.send(m);
                    return new TestResult(c.name(), true, "delivered");
                } catch (Channel.DeliveryException e) {
                    return new TestResult(c.name(), false, mask.apply(e.getMessage()));
                } catch (RuntimeException e) {
                    return new TestResult(c.name(), false, "could not be sent: " + e.getClass().getSimpleName());
                }
            }));
        }
        return futures.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    }

    // ---- delivery ---------------------------------------------------------------------------------------------

    private synchronized void queue(Message m, Set<String> to) throws SQLException {
        long now = clock.millis();
        String json = Json.write(m);
        for (String c : to) {
            insert("INSERT INTO deliveries (alert_id, kind, channel, message, state, attempts, next_at, created_at)"
                    + " VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)", m.alertId(), m.kind(), c, json, now, now);
        }
        wakeUp();
    }

    private void wakeUp() {
        synchronized (wake) {
            wakeCount++;
            wake.notifyAll();
        }
    }

    private long wakeCount() {
        synchronized (wake) {
            return wakeCount;
        }
    }

    /**
     * Sleeps up to {@code ms} (at most {@value #MAX_SLEEP_MS}) unless a wake-up came since {@code seen} was read;
     * false when interrupted.
     */
    private boolean sleepUnlessWoken(long seen, long ms) {
        synchronized (wake) {
            if (wakeCount != seen || closed.get()) {
                return true;
            }
            try {
                wake.wait(Math.max(1, Math.min(MAX_SLEEP_MS, ms)));
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    /** How long until a held condition or a cleared alert is due (MAX_SLEEP_MS when none is). */
    private long untilDueMs() throws SQLException {
        long now = clock.millis();
        long due = now + MAX_SLEEP_MS;
        for (Held h : held.values()) {
            due = Math.min(due, h.since() + h.condition().holdMs());
        }
        synchronized (this) {
            if (closed.get()) {
                return MAX_SLEEP_MS;
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT MIN(clear_since) FROM alerts WHERE state = 'open' AND clear_since IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long clearSince = rs.getLong(1);
                    if (!rs.wasNull()) {
                        due = Math.min(due, clearSince + config.resolveAfterMs());
                    }
                }
            }
        }
        return due - now;
    }

    private record Pending(long id, String alertId, String kind, Message message, int attempts, long nextAt) {
    }

    private void work(String name) {
        Channel channel = channels.get(name);
        while (!closed.get()) {
            try {
                long seen = wakeCount();
                // asleep until its oldest pending message is due, or a new one is queued
                if (!deliverNext(channel) && !sleepUnlessWoken(seen, untilPendingDueMs(channel))) {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed.get()) {
                    log.error("event=alert_worker_failed channel={} error={}", name, mask(e.toString()));
                    pause(1_000);
                }
            }
        }
    }

    /**
     * Sends the oldest pending message of this channel when it is due; true when one was tried. Oldest first per
     * channel, so a resolve never overtakes its raise.
     */
    boolean deliverNext(Channel channel) throws SQLException {
        Pending p;
        synchronized (this) {
            if (closed.get()) {
                return false;
            }
            p = oldestPending(channel.name());
        }
        if (p == null || p.nextAt() > clock.millis()) {
            return false;
        }
        String error = null;
        boolean retryable = false;
        try {
            channel.send(p.message());
        } catch (Channel.DeliveryException e) {
            error = mask(e.getMessage());
            retryable = e.retryable();
        } catch (RuntimeException e) {
            error = "could not be sent: " + e.getClass().getSimpleName();
            retryable = true;
        }
        synchronized (this) {
            long now = clock.millis();
            int attempts = p.attempts() + 1;
            if (error == null) {
                update("UPDATE deliveries SET state = 'sent', attempts = ?, done_at = ?, detail = ? WHERE id = ?",
                        attempts, now, "sent " + p.kind() + (attempts > 1 ? " after " + attempts + " tries" : ""), p.id());
                count(channel.name(), "sent");
                log.info("event=alert_delivered id={} kind={} channel={} attempts={}", p.alertId(), p.kind(),
                        channel.name(), attempts);
                if (!p.alertId().equals(channelAlertId(channel.name()))) {
                    clear(CHANNEL_KEY + channel.name(), channel.name() + " delivers again", true);
                }
            } else if (retryable && attempts < MAX_ATTEMPTS) {
                long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempts - 1, 20));
                update("UPDATE deliveries SET attempts = ?, next_at = ?, detail = ? WHERE id = ?", attempts,
                        now + backoff, "pending: try " + attempts + " failed: " + error + "; next try in "
                                + human(backoff), p.id());
                count(channel.name(), "retry");
                log.warn("event=alert_delivery_failed id={} kind={} channel={} attempts={} retry_in_ms={} error=\"{}\"",
                        p.alertId(), p.kind(), channel.name(), attempts, backoff, error);
                channelFailing(channel.name(), error);
            } else {
                update("UPDATE deliveries SET state = 'failed', attempts = ?, done_at = ?, detail = ? WHERE id = ?",
                        attempts, now, "failed after " + attempts + " tr" + (attempts == 1 ? "y" : "ies") + ": " + error,
                        p.id());
                count(channel.name(), "failed");
                log.warn("event=alert_delivery_gave_up id={} kind={} channel={} attempts={} error=\"{}\"", p.alertId(),
                        p.kind(), channel.name(), attempts, error);
                channelFailing(channel.name(), error);
            }
        }
        return true;
    }

    private String channelAlertId(String channel) throws SQLException {
        Row r = openAlert(CHANNEL_KEY + channel);
        return r == null ? "" : r.id;
    }

    private void channelFailing(String channel, String error) throws SQLException {
        Row open = openAlert(CHANNEL_KEY + channel);
        if (open != null) {
            update("UPDATE alerts SET clear_since = NULL, updated_at = ?, happened = ? WHERE id = ?", clock.millis(),
                    error, open.id);
            return;
        }
        open(Condition.of(CHANNEL_KEY + channel, "alerts", Severity.WARNING, "Alert channel " + channel + " is failing",
                error, "PoG keeps retrying it with backoff; the other channels still deliver"));
    }

    private long untilPendingDueMs(Channel channel) throws SQLException {
        Pending p;
        synchronized (this) {
            if (closed.get()) {
                return MAX_SLEEP_MS;
            }
            p = oldestPending(channel.name());
        }
        return p == null ? MAX_SLEEP_MS : p.nextAt() - clock.millis();
    }

    private Pending oldestPending(String channel) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id, alert_id, kind, message, attempts, next_at FROM"
                + " deliveries WHERE channel = ? AND state = 'pending' ORDER BY id LIMIT 1")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Message m;
                try {
                    m = Json.mapper().readValue(rs.getString(4), Message.class);
                } catch (IOException e) {
                    throw new SQLException("delivery " + rs.getLong(1) + " holds an unreadable message");
                }
                return new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), m, rs.getInt(5), rs.getLong(6));
            }
        }
    }

    /** Channels that were sent the alert's raise (a resolve or update goes to the same ones). */
    private Set<String> sentTo(String alertId) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT DISTINCT channel FROM deliveries WHERE alert_id = ? AND kind = 'raise'")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (channels.containsKey(rs.getString(1))) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Waits until nothing is pending that is due now (or the timeout passes); true when nothing due is left. */
    public boolean flush(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                synchronized (this) {
                    try (PreparedStatement ps = db.prepareStatement(
                            "SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND next_at <= ?")) {
                        ps.setLong(1, clock.millis());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getInt(1) == 0) {
                                return true;
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    /** Newest first, at most {@code limit}. */
    public synchronized List<AlertView> list(int limit) throws SQLException {
        List<Row> rows = rows("SELECT " + COLUMNS + " FROM alerts ORDER BY opened_at DESC, rowid DESC LIMIT ?", limit);
        Map<String, List<AlertView.Delivery>> deliveries = new HashMap<>();
        if (!rows.isEmpty()) {
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < rows.size(); i++) {
                in.append(i == 0 ? "?" : ",?");
            }
            // each channel's latest message for the alert
            try (PreparedStatement ps = db.prepareStatement("SELECT alert_id, channel, state, detail, attempts FROM"
                    + " deliveries WHERE id IN (SELECT MAX(id) FROM deliveries WHERE alert_id IN (" + in
                    + ") GROUP BY alert_id, channel) ORDER BY id")) {
                for (int i = 0; i < rows.size(); i++) {
                    ps.setString(i + 1, rows.get(i).id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(3);
                        String detail = rs.getString(4);
                        if (detail == null) {
                            detail = "pending: not tried yet";
                        }
                        deliveries.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new AlertView.Delivery(rs.getString(2), "sent".equals(state), detail));
                    }
                }
            }
        }
        List<AlertView> out = new ArrayList<>();
        for (Row r : rows) {
            String state = r.ackedAt != null && "open".equals(r.state) ? "acked" : r.state;
            out.add(new AlertView(r.id, r.openedAt, r.severity, r.source, r.title, state,
                    deliveries.getOrDefault(r.id, List.of()), r.count, r.happened, r.action, r.updatedAt, r.resolvedAt,
                    r.ackedAt, r.note));
        }
        return out;
    }

    /** Masks every configured secret in a text that may reach a log or an API answer. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s.length() >= 4) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    // ---- journal plumbing -------------------------------------------------------------------------------------

    private static final String COLUMNS = "id, akey, source, severity, title, happened, action, opened_at, updated_at,"
            + " count, state, clear_since, resolved_at, acked_at, sent, escalated, note";

    private record Row(String id, String key, String source, String severity, String title, String happened,
                       String action, long openedAt, long updatedAt, int count, String state, Long clearSince,
                       Long resolvedAt, Long ackedAt, boolean sent, boolean escalated, String note) {
    }

    private synchronized Row openAlert(String key) throws SQLException {
        List<Row> r = rows("SELECT " + COLUMNS + " FROM alerts WHERE akey = ? AND state = 'open' LIMIT 1", key);
        return r.isEmpty() ? null : r.get(0);
    }

    private int sentThisHour(String source, long now) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT COUNT(*) FROM alerts WHERE source = ? AND sent = 1 AND opened_at > ?")) {
            ps.setString(1, source);
            ps.setLong(2, now - HOUR);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private void insertAlert(String id, String key, String source, Severity severity, String title, String happened,
                             String action, long now, String state, boolean send, String note) throws SQLException {
        insert("INSERT INTO alerts (id, akey, source, severity, title, happened, action, opened_at, updated_at, count,"
                        + " state, sent, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)", id, key, source,
                severity.wire(), title, mask(happened), mask(action), now, now, state, send ? 1 : 0, note);
    }

    private List<Row> rows(String sql, Object... args) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9),
                            rs.getInt(10), rs.getString(11), nullableLong(rs, 12), nullableLong(rs, 13), nullableLong(rs, 14),
                            rs.getInt(15) == 1, rs.getInt(16) == 1, rs.getString(17)));
                }
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private void insert(String sql, Object... args) throws SQLException {
        update(sql, args);
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private void count(String channel, String outcome) {
        if (sent != null) {
            sent.labelValues(channel, outcome).inc();
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String human(long ms) {
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return (ms / 1_000) + " s";
        }
        if (ms < 7_200_000) {
            return (ms / 60_000) + " min";
        }
        return (ms / 3_600_000) + " h";
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers (a message being sent finishes first) and closes the journal. Pending rows stay. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        wakeUp();
        for (Thread t : workers) {
            try {
                t.join(HttpPostTimeout.MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                db.close();
            } catch (SQLException e) {
                log.warn("event=alerts_journal_close_failed error={}", e.toString());
            }
        }
    }

    /** How long close waits for a message being sent (a channel's own timeout bounds it). */
    private static final class HttpPostTimeout {
        static final long MS = 11_000;
    }
}
