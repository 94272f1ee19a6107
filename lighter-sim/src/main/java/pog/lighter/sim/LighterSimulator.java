package pog.lighter.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.lighter.signer.tx.AuthToken;
import pog.lighter.signer.tx.ChangePubKey;
import pog.sim.Exchange;
import pog.simfront.CoreLink;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated Lighter without its HTTP layer: one {@link Exchange} (state in {@code exchange.db}) plus Lighter's
 * rules (API keys, nonces, integer scaling, client order indexes, scheduled cancel-all; state in {@code lighter.db}).
 *
 * <p>Account index N is core account "N". Accounts exist only when provisioned ({@link #provisionAccount}: --fund,
 * the config's {@code accounts}, the loopback admin calls), each owned by an L1 address. An API key exists only when a
 * valid ChangePubKey put it there (signed on L2 by the new key and on L1 by the account's owner), or the config or
 * the loopback {@link #registerApiKey} did. A transaction is checked in this order: tx_info parses and its fields
 * are in range, the account exists, the key exists, it has not expired, the signature verifies (and for ChangePubKey
 * the L1 signature is the owner's), the market and amounts make sense, then the nonce must be the key slot's next
 * one (contiguous: a gap or a reuse is 21104) and is used.
 * A create order with a client order index the account already used creates nothing (the first order stands).
 */
public final class LighterSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LighterSimulator.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    /** What the WebSocket hub hears, after the core committed it. */
    interface Events {
        void onMark(LighterSimConfig.Market market, BigDecimal mark, long time);

        void onOrder(long account, ObjectNode order);

        void onTrade(long account, int marketId, ObjectNode trade);

        /** After each executed transaction: the simulated chain's height (one block per transaction). */
        void onHeight(long height, long time);
    }

    private final LighterSimConfig config;
    private final Clock clock;
    private final Exchange exchange;
    private final LighterStore store;
    private final List<Events> listeners = new CopyOnWriteArrayList<>();
    private final CoreLink core;
    private final TxApi tx = new TxApi(this);
    private final QueryApi query = new QueryApi(this);
    private final java.util.concurrent.atomic.AtomicLong height = new java.util.concurrent.atomic.AtomicLong();

    private LighterSimulator(LighterSimConfig config, Path dataDir, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.core = CoreLink.open(config.toSimConfig(), dataDir, clock);
        this.exchange = core.exchange();
        this.store = core.beside(() -> LighterStore.open(dataDir.resolve("lighter.db")));
        for (LighterSimConfig.AccountSpec a : config.accounts()) {
            provisionFromConfig(a);
        }
        for (LighterStore.ApiKey k : store.allKeys()) {
            watch(k.accountIndex());
        }
        core.followMarks(new VenueListener() {
            @Override
            public void onMark(String symbol, BigDecimal mark, long time) {
                LighterSimConfig.Market m = config.market(symbol);
                for (Events l : listeners) {
                    l.onMark(m, mark, time);
                }
                tx.runDueSchedules();
            }
        });
        log.info("event=lighter_sim_open dir={} chainId={} markets={}", dataDir, config.chainId(),
                config.markets().size());
    }

    public static LighterSimulator open(LighterSimConfig config, Path dataDir, Clock clock) {
        return new LighterSimulator(config.withDefaults(), dataDir, clock);
    }

    public LighterSimConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    /**
     * The simulated chain's height: one block per transaction executed since this process started (it is not
     * persisted, so it starts again at 0 on a restart, where the venue's only grows).
     */
    long height() {
        return height.get();
    }

    void executed() {
        long h = height.incrementAndGet();
        long now = clock.millis();
        for (Events l : listeners) {
            l.onHeight(h, now);
        }
    }

    /** The simulation core, for feed control ({@code step}, {@code jump}) and tests. */
    public Exchange exchange() {
        return exchange;
    }

    /** The transaction half: sendTx, sendTxBatch, scheduled cancel-alls. */
    TxApi tx() {
        return tx;
    }

    /** The query half: what the REST lookups and the socket's snapshots read. */
    QueryApi query() {
        return query;
    }

    LighterStore store() {
        return store;
    }

    void addListener(Events l) {
        listeners.add(l);
    }

    void removeListener(Events l) {
        listeners.remove(l);
    }

    Object lockOf(long account) {
        return core.lockOf(Long.toString(account));
    }

    /** The market of that index, or the venue's refusal (21701). */
    LighterSimConfig.Market market(int id) throws ApiError {
        LighterSimConfig.Market m = config.market(id);
        if (m == null) {
            throw new ApiError(ApiError.INVALID_MARKET, "invalid market index " + id);
        }
        return m;
    }

    // ------------------------------------------------------------------ keys and auth

    /**
     * The loopback provisioning call (what the demo uses instead of ChangePubKey): registers a key in an empty slot,
     * provisioning the account first when it does not exist (owned by the synthetic L1 address "index in 40 hex
     * digits", funded with the starting balance). False when the slot already holds a different key.
     */
    public boolean registerApiKey(long account, int apiKeyIndex, String publicKeyHex) throws ApiError {
        String pk = publicKeyHex == null ? "" : publicKeyHex.toLowerCase().replaceFirst("^0x", "");
        if (!pk.matches("[0-9a-f]{80}") || account < 0 || account > MAX_ACCOUNT_INDEX || apiKeyIndex < 0
                || apiKeyIndex > 254) {
            throw new ApiError(ApiError.INVALID_PARAM, "public_key must be 80 hex digits, account_index 0.."
                    + MAX_ACCOUNT_INDEX + ", api_key_index 0..254");
        }
        if (store.owner(account) == null) {
            provisionAccount(account, syntheticAddress(account), null);
        }
        boolean ok = store.register(account, apiKeyIndex, pk);
        if (ok) {
            watch(account);
            log.info("event=lighter_api_key account={} apiKey={}", account, apiKeyIndex);
        }
        return ok;
    }

    /** An account provisioned (or found) for an L1 address: its index, and whether this call made and funded it. */
    public record Provisioned(long accountIndex, String l1Address, boolean created, BigDecimal usdc) {
    }

    /**
     * Provisions an account owned by {@code l1Address}, funded with {@code usdc} (default the starting balance), at
     * {@code index} (default one above the highest in use). An existing account (the index, or without one the
     * address's first account) is returned as it is, not funded again.
     */
    public synchronized Provisioned provisionAccount(Long index, String l1Address, BigDecimal usdc) throws ApiError {
        String owner = l1Address(l1Address);
        if (index != null && (index < 0 || index > MAX_ACCOUNT_INDEX)) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: account_index must be 0.." + MAX_ACCOUNT_INDEX);
        }
        if (usdc != null && usdc.signum() < 0) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: usdc must not be negative");
        }
        Long existing = index != null ? (store.owner(index) != null ? index : null)
                : store.accountsOf(owner).stream().findFirst().orElse(null);
        if (existing != null) {
            return new Provisioned(existing, store.owner(existing), false, exchange.balance(Long.toString(existing)));
        }
        long at = store.provision(index, owner);
        BigDecimal amount = usdc != null ? usdc : config.startingBalance();
        BigDecimal balance = exchange.deposit(Long.toString(at), amount);
        watch(at);
        log.info("event=lighter_account_provisioned account={} l1Address={} usdc={}", at, owner, amount.toPlainString());
        return new Provisioned(at, owner, true, balance);
    }

    private void provisionFromConfig(LighterSimConfig.AccountSpec spec) {
        try {
            Provisioned p = provisionAccount(spec.index(), spec.l1Address(), spec.usdc());
            for (LighterSimConfig.ApiKeySpec k : spec.apiKeys()) {
                if (k.index() == null || !registerApiKey(p.accountIndex(), k.index(), k.publicKey())) {
                    log.warn("event=lighter_config_key_skipped account={} apiKey={} reason=slot_holds_another_key",
                            p.accountIndex(), k.index());
                }
            }
        } catch (ApiError e) {
            throw new IllegalArgumentException("accounts: " + e.getMessage().replaceFirst("^invalid param: ", ""));
        }
    }

    static final long MAX_ACCOUNT_INDEX = (1L << 48) - 2;

    private static String syntheticAddress(long account) {
        return String.format("0x%040x", account);
    }

    /** An L1 address in EIP-55 form; 0x + 40 hex digits in any case is accepted. */
    static String l1Address(String given) throws ApiError {
        String a = given == null ? "" : given.trim();
        if (!a.matches("0x[0-9a-fA-F]{40}")) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: l1_address must be 0x and 40 hex digits");
        }
        return org.web3j.crypto.Keys.toChecksumAddress(a);
    }

    /** The longest an auth token may run, as Lighter documents it: a deadline at most 8 hours ahead. */
    static final long MAX_AUTH_SECONDS = 8 * 3600;

    /**
     * Checks an auth token for {@code account} ("deadline:account:apiKeyIndex:signature", made by the SDKs'
     * CreateAuthToken): it names that account, its key is registered, its deadline has not passed and is at most
     * {@link #MAX_AUTH_SECONDS} ahead, and the signature over "deadline:account:apiKeyIndex" is by that key. Every
     * refusal is 20013 with a message that says which rule failed (never the token itself).
     */
    void authorize(String token, long account) throws ApiError {
        if (token == null || token.isBlank()) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: missing auth token");
        }
        AuthToken t;
        try {
            t = AuthToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: " + e.getMessage());
        }
        if (t.accountIndex() != account) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: the token is for account " + t.accountIndex()
                    + ", not " + account);
        }
        long now = clock.millis() / 1000;
        if (now > t.deadlineEpochSeconds()) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: the token expired at "
                    + java.time.Instant.ofEpochSecond(t.deadlineEpochSeconds()));
        }
        if (t.deadlineEpochSeconds() - now > MAX_AUTH_SECONDS) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: the token's deadline is more than 8 hours ahead");
        }
        LighterStore.ApiKey key = store.apiKey(t.accountIndex(), t.apiKeyIndex());
        if (key == null) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: api key " + t.apiKeyIndex() + " of account "
                    + account + " is not registered");
        }
        if (!tx.verified(HEX.parseHex(key.publicKey()), true, t.messageHash().toLittleEndianBytes(), t.signature())) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: the signature is not by api key "
                    + t.apiKeyIndex() + " of account " + account);
        }
    }

    ObjectNode trade(long account, Fill f) {
        return Shapes.trade(account, config.market(f.symbol()), f, f.orderId(), Shapes.clientOrderIndex(f.clientId()));
    }

    // ------------------------------------------------------------------ pushes

    /** Follows the account's orders and fills on the core, for the pushes (once per account). */
    void watch(long account) {
        long a = account;
        core.follow(Long.toString(account), new VenueListener() {
            @Override
            public void onOrder(Order order) {
                if (order.status().isFinal() && order.status() != pog.venue.OrderStatus.TRIGGERED) {
                    store.done(a, Long.parseLong(order.orderId()));
                    remember(a, order);
                }
                ObjectNode json = Shapes.order(a, config.market(order.symbol()), order);
                for (Events l : listeners) {
                    l.onOrder(a, json);
                }
            }

            @Override
            public void onFill(Fill fill) {
                ObjectNode json = trade(a, fill);
                int marketId = config.market(fill.symbol()).marketId();
                for (Events l : listeners) {
                    l.onTrade(a, marketId, json);
                }
            }
        });
    }

    /**
     * The newest finished orders of each account, kept in memory as they finish (a finished order no longer changes),
     * so {@code accountInactiveOrders} — which a client asks on every placement — reads the core once per order only
     * for orders that finished before this process started.
     */
    private static final int FINISHED_KEPT = 256;
    private final Map<Long, Map<Long, Order>> finished = new ConcurrentHashMap<>();

    private void remember(long account, Order order) {
        Map<Long, Order> m = finished.computeIfAbsent(account, a -> java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Order> eldest) {
                        return size() > FINISHED_KEPT;
                    }
                }));
        m.put(Long.parseLong(order.orderId()), order);
    }

    Order finished(long account, long orderId) {
        Map<Long, Order> m = finished.get(account);
        return m == null ? null : m.get(orderId);
    }



    @Override
    public void close() {
        core.close();
        store.close();
        log.info("event=lighter_sim_closed");
    }

}
