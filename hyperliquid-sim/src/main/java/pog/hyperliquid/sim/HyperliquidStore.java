package pog.hyperliquid.sim;

import pog.simfront.StateFile;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Hyperliquid front end's own state in {@code hl.db} (next to the core's database): kept in memory and written
 * through, one SQLite transaction per call, so a kill -9 loses nothing a caller was told about. Thread-safe (one
 * monitor); callers keep calls short.
 */
final class HyperliquidStore implements AutoCloseable {
    /** Hyperliquid keeps the 100 highest nonces of each signer. */
    static final int NONCES_KEPT = 100;

    record OrderMeta(String tif, Boolean isMarket, String tpsl, String grouping, String parentClient,
                     String cancelStatus) {
        OrderMeta withCancelStatus(String status) {
            return new OrderMeta(tif, isMarket, tpsl, grouping, parentClient, status);
        }
    }

    record PendingChild(String account, String parentClient, int seq, String clientId, String orderJson) {
    }

    record Schedule(Long cancelAt, long day, int fired) {
    }

    /** An approved API wallet: the account it acts for, its name ("" for the unnamed one) and expiry (or null). */
    record Agent(String agent, String master, String name, Long validUntil) {
        boolean liveAt(long now) {
            return validUntil == null || validUntil > now;
        }
    }

    /** One funding payment: {@code usdc} is what the account received (negative when it paid). */
    record Funding(String account, String coin, long time, BigDecimal usdc, BigDecimal szi, BigDecimal rate) {
    }

    record FundingRate(String coin, long time, BigDecimal rate, BigDecimal premium) {
    }

    record Candle(String coin, long t, BigDecimal o, BigDecimal h, BigDecimal l, BigDecimal c, int n) {
    }

    private final Connection db;
    private final Set<String> accounts = new LinkedHashSet<>();
    private final Map<String, NavigableSet<Long>> nonces = new HashMap<>();
    // Read on every order event and cloid lookup without the store's monitor, which a commit may be holding.
    private final Map<String, OrderMeta> meta = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> cloids = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> knownAccounts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Approved agents (API wallets) by their address. */
    private final Map<String, Agent> agents = new java.util.concurrent.ConcurrentHashMap<>();
    /** account|parent client id of every entry with tp/sl children waiting, so other orders skip the query. */
    private final Set<String> pendingParents = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Earliest pending scheduled cancel, so a request can skip the check without the monitor. */
    private volatile long nextScheduledCancel = Long.MAX_VALUE;
    private final Map<String, Schedule> schedules = new HashMap<>();
    private final Map<String, Candle> lastCandle = new HashMap<>();
    private final Map<String, Integer> droppedNonces = new HashMap<>();
    /** A nonce row is written but not yet committed. */
    private boolean dirty;
    /** Every signed request writes a nonce: the statement is compiled once (preparing it cost as much as running it). */
    private PreparedStatement insertNonce;

    static HyperliquidStore open(Path file) {
        return StateFile.open(file, "hlsim", HyperliquidStore::new);
    }

    /** Reads the whole file into memory: the state the simulator had when it last stopped. */
    private HyperliquidStore(Connection db) throws SQLException {
        this.db = db;
        StateFile.each(db, "SELECT address FROM hl_account ORDER BY created_at, address", r -> {
            accounts.add(r.getString(1));
            knownAccounts.add(r.getString(1));
        });
        StateFile.each(db, "SELECT signer, nonce FROM hl_nonce", r -> {
            NavigableSet<Long> set = nonces.computeIfAbsent(r.getString(1), k -> new TreeSet<>());
            set.add(r.getLong(2));
            if (set.size() > NONCES_KEPT) {
                set.pollFirst(); // rows not yet pruned when the process stopped
            }
        });
        StateFile.each(db, "SELECT account, client_id, tif, is_market, tpsl, grouping, parent_client,"
                + " cancel_status FROM hl_order_meta", r -> {
            int isMarket = r.getInt(4);
            Boolean market = r.wasNull() ? null : isMarket != 0;
            meta.put(key(r.getString(1), r.getString(2)), new OrderMeta(r.getString(3), market,
                    r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
        });
        StateFile.each(db, "SELECT account, cloid, client_id FROM hl_cloid", r -> {
            cloids.put(key(r.getString(1), r.getString(2)), r.getString(3));
        });
        StateFile.each(db, "SELECT agent, master, name, valid_until FROM hl_agent", r -> {
            long until = r.getLong(4);
            Long validUntil = r.wasNull() ? null : until;
            agents.put(r.getString(1), new Agent(r.getString(1), r.getString(2), r.getString(3), validUntil));
        });
        StateFile.each(db, "SELECT DISTINCT account, parent_client FROM hl_pending_child", r -> {
            pendingParents.add(key(r.getString(1), r.getString(2)));
        });
        StateFile.each(db, "SELECT account, cancel_at, day, fired FROM hl_schedule", r -> {
            long at = r.getLong(2);
            Long cancelAt = r.wasNull() ? null : at;
            schedules.put(r.getString(1), new Schedule(cancelAt, r.getLong(3), r.getInt(4)));
            if (cancelAt != null) {
                nextScheduledCancel = Math.min(nextScheduledCancel, cancelAt);
            }
        });
        StateFile.each(db, "SELECT coin, t, o, h, l, c, n FROM hl_candle c1 WHERE t = "
                + "(SELECT MAX(t) FROM hl_candle c2 WHERE c2.coin = c1.coin)", r -> {
            Candle c = candle(r);
            lastCandle.put(c.coin(), c);
        });
    }

    private static String key(String a, String b) {
        return a + "|" + b;
    }

    // ------------------------------------------------------------------ accounts

    /** Records an address the first time it is seen; true if it was new. */
    boolean addAccount(String address, long now) {
        return !knownAccounts.contains(address) && addNewAccount(address, now);
    }

    private synchronized boolean addNewAccount(String address, long now) {
        if (!accounts.add(address)) {
            return false;
        }
        knownAccounts.add(address);
        write("INSERT OR IGNORE INTO hl_account(address, created_at) VALUES (?, ?)", address, now);
        return true;
    }

    synchronized List<String> accounts() {
        return List.copyOf(accounts);
    }

    /** Whether the address is an account (provisioned, or seen before accounts needed provisioning). */
    boolean known(String address) {
        return knownAccounts.contains(address);
    }

    /** The approved agent with this address (live or expired), or null. */
    Agent agent(String agent) {
        return agents.get(agent);
    }

    /** The agents an account approved, unnamed first then by name. */
    List<Agent> agentsOf(String master) {
        return agents.values().stream().filter(a -> a.master().equals(master))
                .sorted(java.util.Comparator.comparing(Agent::name)).toList();
    }

    /**
     * Approves an agent for {@code master}. As on the venue, an account has one unnamed agent and one agent per
     * name: approving another under the same name (or unnamed) deregisters the one before it, whose signatures
     * then recover to an address that is no wallet. Returns the agents that were replaced.
     */
    synchronized List<String> putAgent(String agent, String master, String name, Long validUntil, long now) {
        List<String> replaced = new ArrayList<>();
        for (Agent a : List.copyOf(agents.values())) {
            if (a.master().equals(master) && a.name().equals(name) && !a.agent().equals(agent)) {
                agents.remove(a.agent());
                replaced.add(a.agent());
            }
        }
        agents.put(agent, new Agent(agent, master, name, validUntil));
        try {
            try (PreparedStatement del = db.prepareStatement("DELETE FROM hl_agent WHERE master = ? AND name = ?"
                    + " AND agent <> ?")) {
                del.setString(1, master);
                del.setString(2, name);
                del.setString(3, agent);
                del.executeUpdate();
            }
            try (PreparedStatement ins = db.prepareStatement("INSERT OR REPLACE INTO hl_agent(agent, master, name,"
                    + " created_at, valid_until) VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, agent);
                ins.setString(2, master);
                ins.setString(3, name);
                ins.setLong(4, now);
                ins.setObject(5, validUntil);
                ins.executeUpdate();
            }
            db.commit();
            dirty = false;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot record agent: " + e.getMessage(), e);
        }
        return replaced;
    }

    // ------------------------------------------------------------------ nonces

    /**
     * Hyperliquid's rule: unused, and above the smallest of the signer's 100 highest once there are 100. Returns
     * the refusal text or null, and records the nonce when it is accepted.
     *
     * <p>The nonce is written but not committed: the caller's next write (an order's details) commits both in one
     * transaction, or it calls {@link #flush()} before acting. Rows that fell out of the highest 100 are deleted
     * in batches; memory is what decides.
     */
    synchronized String useNonce(String signer, long nonce) {
        NavigableSet<Long> set = nonces.computeIfAbsent(signer, k -> new TreeSet<>());
        if (set.contains(nonce)) {
            return "Invalid nonce: duplicate nonce " + nonce;
        }
        if (set.size() >= NONCES_KEPT && nonce < set.first()) {
            return "Invalid nonce: nonce too low " + nonce + " < " + set.first();
        }
        set.add(nonce);
        boolean prune = false;
        if (set.size() > NONCES_KEPT) {
            set.pollFirst();
            prune = droppedNonces.merge(signer, 1, Integer::sum) >= NONCES_KEPT;
        }
        try {
            if (insertNonce == null) {
                insertNonce = db.prepareStatement("INSERT INTO hl_nonce(signer, nonce) VALUES (?, ?)");
            }
            insertNonce.setString(1, signer);
            insertNonce.setLong(2, nonce);
            insertNonce.executeUpdate();
            if (prune) {
                try (PreparedStatement del = db.prepareStatement("DELETE FROM hl_nonce WHERE signer = ? AND nonce < ?")) {
                    del.setString(1, signer);
                    del.setLong(2, set.first());
                    del.executeUpdate();
                }
                droppedNonces.remove(signer);
            }
            dirty = true;
        } catch (SQLException e) {
            rollback();
            set.remove(nonce);
            throw new IllegalStateException("cannot record nonce: " + e.getMessage(), e);
        }
        return null;
    }

    /** Commits what {@link #useNonce} left open. */
    synchronized void flush() {
        if (!dirty) {
            return;
        }
        try {
            db.commit();
            dirty = false;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot commit nonce: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ orders

    synchronized void putMeta(String account, String clientId, OrderMeta m) {
        meta.put(key(account, clientId), m);
        write("INSERT OR REPLACE INTO hl_order_meta(account, client_id, tif, is_market, tpsl, grouping, parent_client,"
                        + " cancel_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", account, clientId, m.tif(),
                m.isMarket() == null ? null : (m.isMarket() ? 1 : 0), m.tpsl(), m.grouping(), m.parentClient(),
                m.cancelStatus());
    }

    OrderMeta meta(String account, String clientId) {
        return meta.get(key(account, clientId));
    }

    /** The core client id that currently carries {@code cloid} for the account (itself unless a modify moved it). */
    String clientIdOfCloid(String account, String cloid) {
        return cloids.getOrDefault(key(account, cloid), cloid);
    }

    synchronized void aliasCloid(String account, String cloid, String clientId) {
        cloids.put(key(account, cloid), clientId);
        write("INSERT OR REPLACE INTO hl_cloid(account, cloid, client_id) VALUES (?, ?, ?)", account, cloid, clientId);
    }

    synchronized void addPendingChildren(List<PendingChild> children) {
        try {
            try (PreparedStatement ins = db.prepareStatement("INSERT OR REPLACE INTO hl_pending_child(account,"
                    + " parent_client, seq, client_id, order_json) VALUES (?, ?, ?, ?, ?)")) {
                for (PendingChild c : children) {
                    ins.setString(1, c.account());
                    ins.setString(2, c.parentClient());
                    ins.setInt(3, c.seq());
                    ins.setString(4, c.clientId());
                    ins.setString(5, c.orderJson());
                    ins.executeUpdate();
                }
            }
            db.commit();
            dirty = false;
            children.forEach(c -> pendingParents.add(key(c.account(), c.parentClient())));
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot record tp/sl children: " + e.getMessage(), e);
        }
    }

    /** Removes and returns the children waiting for this parent (none if there are none). */
    List<PendingChild> takePendingChildren(String account, String parentClient) {
        if (!pendingParents.contains(key(account, parentClient))) {
            return List.of();
        }
        return takePending(account, parentClient);
    }

    private synchronized List<PendingChild> takePending(String account, String parentClient) {
        pendingParents.remove(key(account, parentClient));
        List<PendingChild> result = pendingChildren(account, parentClient);
        if (!result.isEmpty()) {
            write("DELETE FROM hl_pending_child WHERE account = ? AND parent_client = ?", account, parentClient);
        }
        return result;
    }

    synchronized List<PendingChild> allPendingChildren() {
        return query("SELECT account, parent_client, seq, client_id, order_json FROM hl_pending_child"
                + " ORDER BY account, parent_client, seq");
    }

    private List<PendingChild> pendingChildren(String account, String parentClient) {
        return query("SELECT account, parent_client, seq, client_id, order_json FROM hl_pending_child"
                + " WHERE account = ? AND parent_client = ? ORDER BY seq", account, parentClient);
    }

    private List<PendingChild> query(String sql, Object... args) {
        List<PendingChild> result = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    result.add(new PendingChild(r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                            r.getString(5)));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read tp/sl children: " + e.getMessage(), e);
        }
        return result;
    }

    // ------------------------------------------------------------------ scheduled cancels

    synchronized Schedule schedule(String account) {
        return schedules.get(account);
    }

    synchronized Map<String, Schedule> schedules() {
        return Map.copyOf(schedules);
    }

    /** True when some scheduled cancel is due at {@code now}; cheap enough for every request. */
    boolean scheduleDue(long now) {
        return now >= nextScheduledCancel;
    }

    synchronized void putSchedule(String account, Schedule s) {
        schedules.put(account, s);
        nextScheduledCancel = schedules.values().stream().map(Schedule::cancelAt).filter(java.util.Objects::nonNull)
                .min(Long::compare).orElse(Long.MAX_VALUE);
        write("INSERT OR REPLACE INTO hl_schedule(account, cancel_at, day, fired) VALUES (?, ?, ?, ?)", account,
                s.cancelAt(), s.day(), s.fired());
    }

    // ------------------------------------------------------------------ funding

    /** The last funding hour settled (epoch ms at the hour), or null before the first. */
    synchronized Long fundingHour() {
        try (PreparedStatement q = db.prepareStatement("SELECT hour FROM hl_funding_hour WHERE id = 1");
             ResultSet r = q.executeQuery()) {
            Long hour = r.next() ? r.getLong(1) : null;
            db.commit();
            return hour;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read the funding hour: " + e.getMessage(), e);
        }
    }

    /** Records one settled hour: its rates and payments, in one transaction. */
    synchronized void settleFunding(long hour, List<FundingRate> rates, List<Funding> payments) {
        try {
            try (PreparedStatement ins = db.prepareStatement(
                    "INSERT OR REPLACE INTO hl_funding_rate(coin, time, rate, premium) VALUES (?, ?, ?, ?)")) {
                for (FundingRate r : rates) {
                    ins.setString(1, r.coin());
                    ins.setLong(2, r.time());
                    ins.setString(3, r.rate().toPlainString());
                    ins.setString(4, r.premium().toPlainString());
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement ins = db.prepareStatement("INSERT OR REPLACE INTO hl_funding(account, coin, time,"
                    + " usdc, szi, rate) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Funding f : payments) {
                    ins.setString(1, f.account());
                    ins.setString(2, f.coin());
                    ins.setLong(3, f.time());
                    ins.setString(4, f.usdc().toPlainString());
                    ins.setString(5, f.szi().toPlainString());
                    ins.setString(6, f.rate().toPlainString());
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement up = db.prepareStatement(
                    "INSERT OR REPLACE INTO hl_funding_hour(id, hour) VALUES (1, ?)")) {
                up.setLong(1, hour);
                up.executeUpdate();
            }
            db.commit();
            dirty = false;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot record funding: " + e.getMessage(), e);
        }
    }

    synchronized List<Funding> fundings(String account, long from, long to) {
        List<Funding> result = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT account, coin, time, usdc, szi, rate FROM hl_funding"
                + " WHERE account = ? AND time >= ? AND time <= ? ORDER BY time, coin")) {
            q.setString(1, account);
            q.setLong(2, from);
            q.setLong(3, to);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.add(new Funding(r.getString(1), r.getString(2), r.getLong(3), new BigDecimal(r.getString(4)),
                            new BigDecimal(r.getString(5)), new BigDecimal(r.getString(6))));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read funding: " + e.getMessage(), e);
        }
        return result;
    }

    synchronized List<FundingRate> fundingRates(String coin, long from, long to) {
        List<FundingRate> result = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT coin, time, rate, premium FROM hl_funding_rate"
                + " WHERE coin = ? AND time >= ? AND time <= ? ORDER BY time")) {
            q.setString(1, coin);
            q.setLong(2, from);
            q.setLong(3, to);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.add(new FundingRate(r.getString(1), r.getLong(2), new BigDecimal(r.getString(3)),
                            new BigDecimal(r.getString(4))));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read funding rates: " + e.getMessage(), e);
        }
        return result;
    }

    // ------------------------------------------------------------------ candles

    synchronized boolean hasCandles(String coin) {
        return lastCandle.containsKey(coin);
    }

    /** Folds a mark into its one-minute candle. */
    synchronized void mark(String coin, BigDecimal px, long time) {
        long t = time - Math.floorMod(time, 60_000L);
        Candle last = lastCandle.get(coin);
        Candle next;
        if (last != null && last.t() == t) {
            next = new Candle(coin, t, last.o(), last.h().max(px), last.l().min(px), px, last.n() + 1);
        } else if (last != null && last.t() > t) {
            return; // a clock stepped back: the minute it names is already closed
        } else {
            next = new Candle(coin, t, px, px, px, px, 1);
        }
        lastCandle.put(coin, next);
        write("INSERT OR REPLACE INTO hl_candle(coin, t, o, h, l, c, n) VALUES (?, ?, ?, ?, ?, ?, ?)", coin, t,
                next.o().toPlainString(), next.h().toPlainString(), next.l().toPlainString(), next.c().toPlainString(),
                next.n());
    }

    synchronized List<Candle> candles(String coin, long from, long to) {
        List<Candle> result = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT coin, t, o, h, l, c, n FROM hl_candle WHERE coin = ? AND t >= ? AND t <= ? ORDER BY t")) {
            q.setString(1, coin);
            q.setLong(2, from);
            q.setLong(3, to);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.add(candle(r));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read candles: " + e.getMessage(), e);
        }
        return result;
    }

    private static Candle candle(ResultSet r) throws SQLException {
        return new Candle(r.getString(1), r.getLong(2), new BigDecimal(r.getString(3)), new BigDecimal(r.getString(4)),
                new BigDecimal(r.getString(5)), new BigDecimal(r.getString(6)), r.getInt(7));
    }

    // ------------------------------------------------------------------ plumbing

    private void write(String sql, Object... args) {
        dirty = false; // committed or rolled back, no nonce row is left pending either way
        StateFile.write(db, sql, args);
    }

    private void rollback() {
        dirty = false;
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    @Override
    public synchronized void close() {
        if (insertNonce != null) {
            try {
                insertNonce.close();
            } catch (SQLException ignored) {
                // the connection's close below releases it anyway
            }
        }
        StateFile.close(db);
    }
}
