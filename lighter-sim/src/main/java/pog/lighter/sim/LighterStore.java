package pog.lighter.sim;

import pog.simfront.StateFile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lighter front end's own state in {@code lighter.db}: API keys and their last nonce, client order index
 * aliases, scheduled cancel-alls. In memory and written through, one SQLite transaction per call, so a kill -9
 * loses nothing a caller was told about. Thread-safe (one monitor).
 */
final class LighterStore implements AutoCloseable {

    record ApiKey(long accountIndex, int apiKeyIndex, String publicKey, long lastNonce) {
    }

    private final Connection db;
    private final Map<String, ApiKey> keys = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<Long, Long> schedules = new HashMap<>();
    /** Account index to its owner's L1 address, as provisioned (EIP-55 or the synthetic lowercase form). */
    private final java.util.TreeMap<Long, String> accounts = new java.util.TreeMap<>();

    static LighterStore open(Path file) {
        return StateFile.open(file, "lightersim", LighterStore::new);
    }

    /** Reads the whole file into memory: the state the simulator had when it last stopped. */
    private LighterStore(Connection db) throws SQLException {
        this.db = db;
        StateFile.each(db, "SELECT account_index, api_key_index, public_key, last_nonce FROM lt_api_key", r -> {
            ApiKey k = new ApiKey(r.getLong(1), r.getInt(2), r.getString(3), r.getLong(4));
            keys.put(key(k.accountIndex(), k.apiKeyIndex()), k);
        });
        StateFile.each(db, "SELECT account_index, client_order_index, core_client_id FROM lt_alias", r -> {
            aliases.put(r.getLong(1) + "|" + r.getLong(2), r.getString(3));
        });
        StateFile.each(db, "SELECT account_index, l1_address FROM lt_account", r -> {
            accounts.put(r.getLong(1), r.getString(2));
        });
        StateFile.each(db, "SELECT account_index, cancel_at FROM lt_schedule", r -> {
            schedules.put(r.getLong(1), r.getLong(2));
        });
    }

    private static String key(long account, int apiKey) {
        return account + "|" + apiKey;
    }

    synchronized ApiKey apiKey(long account, int apiKeyIndex) {
        return keys.get(key(account, apiKeyIndex));
    }

    synchronized List<ApiKey> allKeys() {
        return List.copyOf(keys.values());
    }

    /** The owner's L1 address of a provisioned account, or null when the account does not exist. */
    synchronized String owner(long account) {
        return accounts.get(account);
    }

    /** The provisioned accounts an L1 address owns, lowest index first. */
    synchronized List<Long> accountsOf(String l1Address) {
        return accounts.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(l1Address)).map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Provisions an account owned by {@code l1Address} at {@code index}, or (index null) at one above the highest
     * index in use (the first is 1). Returns the index; the caller
     * checks {@link #owner} first.
     */
    synchronized long provision(Long index, String l1Address) {
        long at = index != null ? index : accounts.isEmpty() ? 1 : accounts.lastKey() + 1;
        if (accounts.containsKey(at)) {
            throw new IllegalStateException("account " + at + " already exists");
        }
        accounts.put(at, l1Address);
        write("INSERT INTO lt_account(account_index, l1_address) VALUES (?, ?)", at, l1Address);
        return at;
    }

    /**
     * Puts a public key into a slot and takes the nonce (a ChangePubKey): the slot is created or its key replaced; the
     * nonce must be above the slot's last one. False when it is not.
     */
    synchronized boolean changeKey(long account, int apiKeyIndex, String publicKey, long nonce) {
        if (nonce != nextNonce(account, apiKeyIndex)) {
            return false;
        }
        keys.put(key(account, apiKeyIndex), new ApiKey(account, apiKeyIndex, publicKey, nonce));
        write("INSERT OR REPLACE INTO lt_api_key(account_index, api_key_index, public_key, last_nonce) VALUES (?, ?, ?, ?)",
                account, apiKeyIndex, publicKey, nonce);
        return true;
    }

    synchronized void done(long account, long orderIndex) {
        write("INSERT OR IGNORE INTO lt_done(account_index, order_index) VALUES (?, ?)", account, orderIndex);
    }

    /** The newest finished order indexes of the account, newest first. */
    synchronized List<Long> doneOrders(long account, int limit) {
        List<Long> out = new java.util.ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT order_index FROM lt_done WHERE account_index = ? ORDER BY order_index DESC LIMIT ?")) {
            p.setLong(1, account);
            p.setInt(2, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read finished orders: " + e.getMessage(), e);
        }
        return out;
    }

    synchronized List<ApiKey> apiKeys(long account) {
        return keys.values().stream().filter(k -> k.accountIndex() == account)
                .sorted((a, b) -> Integer.compare(a.apiKeyIndex(), b.apiKeyIndex())).toList();
    }

    /** Registers a key; false when the slot already holds a different one. */
    synchronized boolean register(long account, int apiKeyIndex, String publicKey) {
        ApiKey k = keys.get(key(account, apiKeyIndex));
        if (k != null) {
            return k.publicKey().equals(publicKey);
        }
        keys.put(key(account, apiKeyIndex), new ApiKey(account, apiKeyIndex, publicKey, -1));
        write("INSERT INTO lt_api_key(account_index, api_key_index, public_key, last_nonce) VALUES (?, ?, ?, -1)",
                account, apiKeyIndex, publicKey);
        return true;
    }

    /** The nonce a key slot takes next: one above its last; 0 for a slot that never held a key. */
    synchronized long nextNonce(long account, int apiKeyIndex) {
        ApiKey k = keys.get(key(account, apiKeyIndex));
        return k == null ? 0 : k.lastNonce() + 1;
    }

    /** Takes the nonce if it is the key's next one (contiguous: no gap, no reuse); the caller holds the account's lock. */
    synchronized boolean useNonce(long account, int apiKeyIndex, long nonce) {
        ApiKey k = keys.get(key(account, apiKeyIndex));
        if (k == null || nonce != k.lastNonce() + 1) {
            return false;
        }
        keys.put(key(account, apiKeyIndex), new ApiKey(account, apiKeyIndex, k.publicKey(), nonce));
        write("UPDATE lt_api_key SET last_nonce = ? WHERE account_index = ? AND api_key_index = ?", nonce, account,
                apiKeyIndex);
        return true;
    }

    /** The core client id that carries a client order index (itself unless a modify moved it). */
    synchronized String coreClientId(long account, long clientOrderIndex) {
        return aliases.getOrDefault(account + "|" + clientOrderIndex, Long.toString(clientOrderIndex));
    }

    synchronized void alias(long account, long clientOrderIndex, String coreClientId) {
        aliases.put(account + "|" + clientOrderIndex, coreClientId);
        write("INSERT OR REPLACE INTO lt_alias(account_index, client_order_index, core_client_id) VALUES (?, ?, ?)",
                account, clientOrderIndex, coreClientId);
    }

    synchronized Map<Long, Long> schedules() {
        return Map.copyOf(schedules);
    }

    synchronized Long schedule(long account) {
        return schedules.get(account);
    }

    synchronized void schedule(long account, Long cancelAt) {
        if (cancelAt == null) {
            schedules.remove(account);
            write("DELETE FROM lt_schedule WHERE account_index = ?", account);
        } else {
            schedules.put(account, cancelAt);
            write("INSERT OR REPLACE INTO lt_schedule(account_index, cancel_at) VALUES (?, ?)", account, cancelAt);
        }
    }

    private void write(String sql, Object... args) {
        StateFile.write(db, sql, args);
    }

    @Override
    public synchronized void close() {
        StateFile.close(db);
    }
}
