package pog.lighter.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.lighter.signer.schnorr.Schnorr;
import pog.lighter.signer.tx.AuthToken;
import pog.lighter.signer.tx.CancelAllOrders;
import pog.lighter.signer.tx.CancelOrder;
import pog.lighter.signer.tx.ChangePubKey;
import pog.lighter.signer.tx.L1Signed;
import pog.lighter.signer.tx.CreateGroupedOrders;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.ModifyOrder;
import pog.lighter.signer.tx.OrderType;
import pog.lighter.signer.tx.ParsedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxInfo;
import pog.lighter.signer.tx.Transfer;
import pog.lighter.signer.tx.UpdateLeverage;
import pog.lighter.signer.tx.UpdateMargin;
import pog.lighter.signer.tx.Withdraw;
import pog.sim.Exchange;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Position;
import pog.venue.Side;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final Map<Long, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private static final int VERIFIERS = 256;
    private final Map<String, Schnorr.Verifier> verifiers = new ConcurrentHashMap<>();
    private final AutoCloseable markSubscription;
    private final java.util.concurrent.atomic.AtomicLong height = new java.util.concurrent.atomic.AtomicLong();

    private LighterSimulator(LighterSimConfig config, Path dataDir, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.exchange = Exchange.open(config.toSimConfig(), dataDir.resolve("exchange.db"), clock);
        try {
            this.store = LighterStore.open(dataDir.resolve("lighter.db"));
        } catch (RuntimeException e) {
            exchange.close();
            throw e;
        }
        for (LighterSimConfig.AccountSpec a : config.accounts()) {
            provisionFromConfig(a);
        }
        for (LighterStore.ApiKey k : store.allKeys()) {
            watch(k.accountIndex());
        }
        this.markSubscription = exchange.subscribeMarks(new VenueListener() {
            @Override
            public void onMark(String symbol, BigDecimal mark, long time) {
                LighterSimConfig.Market m = config.market(symbol);
                for (Events l : listeners) {
                    l.onMark(m, mark, time);
                }
                runDueSchedules();
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

    private void executed() {
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

    void addListener(Events l) {
        listeners.add(l);
    }

    void removeListener(Events l) {
        listeners.remove(l);
    }

    // ------------------------------------------------------------------ transactions

    /** {@code sendTx}: verifies and executes one signed transaction; the answer carries its hash. */
    public ObjectNode sendTx(int txType, String txInfo) throws ApiError {
        runDueSchedules();
        String hash = execute(txType, txInfo);
        ObjectNode n = Shapes.ok();
        n.put("message", "{\"ratelimit\": \"didn't use volume quota\"}");
        n.put("tx_hash", hash);
        n.put("predicted_execution_time_ms", clock.millis());
        return n;
    }

    /** {@code sendTxBatch}: each transaction in turn; the first refusal stops the batch and is the answer. */
    public ObjectNode sendTxBatch(List<Integer> types, List<String> infos) throws ApiError {
        if (types.size() != infos.size() || types.isEmpty() || types.size() > 50) {
            throw new ApiError(ApiError.INVALID_PARAM, "tx_types and tx_infos must be 1..50 entries of equal length");
        }
        runDueSchedules();
        ObjectNode n = Shapes.ok();
        n.put("message", "{\"ratelimit\": \"didn't use volume quota\"}");
        ArrayNode hashes = n.putArray("tx_hash");
        for (int i = 0; i < types.size(); i++) {
            hashes.add(execute(types.get(i), infos.get(i)));
        }
        n.put("predicted_execution_time_ms", clock.millis());
        return n;
    }

    private String execute(int txType, String txInfo) throws ApiError {
        ParsedTx tx;
        try {
            tx = TxInfo.parse(txType, txInfo);
            tx.body().validate(tx.attributes());
        } catch (IllegalArgumentException e) {
            throw new ApiError(e.getMessage() != null && e.getMessage().contains("not supported")
                    ? ApiError.INVALID_TX_TYPE : ApiError.INVALID_PARAM, "invalid tx_info: " + e.getMessage());
        }
        String owner = store.owner(tx.accountIndex());
        if (owner == null) {
            throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: " + tx.accountIndex());
        }
        byte[] publicKey;
        if (tx.body() instanceof ChangePubKey c) {
            publicKey = c.pubKey();
        } else {
            LighterStore.ApiKey key = store.apiKey(tx.accountIndex(), tx.apiKeyIndex());
            if (key == null) {
                throw new ApiError(ApiError.API_KEY_NOT_FOUND, "api key not found: account " + tx.accountIndex()
                        + " api key index " + tx.apiKeyIndex());
            }
            publicKey = HEX.parseHex(key.publicKey());
        }
        long now = clock.millis();
        if (tx.expiredAt() != 0 && tx.expiredAt() < now) {
            throw new ApiError(ApiError.EXPIRED, "transaction expired at " + tx.expiredAt());
        }
        String hash;
        try {
            byte[] message = tx.messageHash(config.chainId()).toLittleEndianBytes();
            if (!verified(publicKey, !(tx.body() instanceof ChangePubKey), message, tx.signature())) {
                throw new ApiError(ApiError.INVALID_SIGNATURE, "invalid signature");
            }
            hash = HEX.formatHex(message);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid tx_info: " + e.getMessage());
        }
        if (tx.body() instanceof L1Signed) {
            String signer = tx.l1Signer(config.chainId());
            if (signer == null || !signer.equalsIgnoreCase(owner)) {
                throw new ApiError(ApiError.INVALID_L1_SIGNATURE, "invalid l1 signature: it is not by the account's"
                        + " L1 address");
            }
        }
        if (tx.attributes().values().containsKey(TxAttributes.SKIP_NONCE)) {
            throw new ApiError(ApiError.UNSUPPORTED, "the skip-nonce attribute is not supported by the simulator");
        }
        long account = tx.accountIndex();
        if (tx.body() instanceof ChangePubKey c) {
            synchronized (lockOf(account)) {
                if (!store.changeKey(account, tx.apiKeyIndex(), c.pubKeyHex(), tx.nonce())) {
                    throw invalidNonce(account, tx.apiKeyIndex(), tx.nonce());
                }
            }
            watch(account);
            log.info("event=lighter_change_pub_key account={} apiKey={} nonce={} hash={}", account, tx.apiKeyIndex(),
                    tx.nonce(), hash);
            executed();
            return hash;
        }
        watch(account);
        synchronized (lockOf(account)) {
            Runnable action = plan(tx, account);
            if (!store.useNonce(account, tx.apiKeyIndex(), tx.nonce())) {
                throw invalidNonce(account, tx.apiKeyIndex(), tx.nonce());
            }
            action.run();
        }
        log.info("event=lighter_tx account={} apiKey={} type={} nonce={} hash={}", account, tx.apiKeyIndex(), txType,
                tx.nonce(), hash);
        executed();
        return hash;
    }

    /** A nonce that is not the slot's next: a reuse (below it) or a gap (above it); either is 21104 and uses nothing. */
    private ApiError invalidNonce(long account, int apiKeyIndex, long nonce) {
        long next = store.nextNonce(account, apiKeyIndex);
        return new ApiError(ApiError.INVALID_NONCE, "invalid nonce: " + nonce + (nonce < next ? " was already used"
                : " skips ahead") + "; api key " + apiKeyIndex + " of account " + account + " takes " + next + " next");
    }

    /** Checks a transaction against the exchange's state and returns what executing it does. */
    private Runnable plan(ParsedTx tx, long account) throws ApiError {
        String acct = Long.toString(account);
        if (tx.body() instanceof CreateOrder o) {
            LighterSimConfig.Market m = market(o.marketIndex());
            OrderRequest request = request(tx, o, m, account);
            return () -> exchange.place(acct, request);
        }
        if (tx.body() instanceof CreateGroupedOrders g) {
            return groupedOrders(tx, g, account);
        }
        if (tx.body() instanceof CancelOrder c) {
            LighterSimConfig.Market m = market(c.marketIndex());
            Order o = findOpen(account, m, c.index());
            return () -> exchange.cancelOrder(acct, o.orderId());
        }
        if (tx.body() instanceof CancelAllOrders c) {
            Long only = tx.attributes().values().get(TxAttributes.CANCEL_ALL_MARKET_INDEX);
            LighterSimConfig.Market m = only == null || only == 255 ? null : market(only.intValue());
            return switch (c.timeInForce()) {
                case TimeInForce.CANCEL_ALL_IMMEDIATE -> () -> cancelAll(account, m, "cancel-all");
                case TimeInForce.CANCEL_ALL_SCHEDULED -> () -> store.schedule(account, c.time());
                default -> () -> store.schedule(account, null);
            };
        }
        if (tx.body() instanceof ModifyOrder mo) {
            LighterSimConfig.Market m = market(mo.marketIndex());
            Order old = findOpen(account, m, mo.index());
            BigDecimal size = amount(mo.baseAmount(), m.sizeDecimals());
            BigDecimal px = amount(mo.price(), m.priceDecimals());
            BigDecimal trigger = mo.triggerPrice() == 0 ? null : amount(mo.triggerPrice(), m.priceDecimals());
            if (old.type().isTrigger() && trigger == null) {
                throw new ApiError(ApiError.INVALID_PARAM, "a stop/take-profit order needs a TriggerPrice");
            }
            long coi = Shapes.clientOrderIndex(old.clientId());
            String coreId = (coi == 0 ? "tx" : Long.toString(coi)) + "~" + tx.nonce();
            OrderRequest replacement = new OrderRequest(coreId, m.symbol(), old.side(), old.type(), size,
                    old.type().isTrigger() || old.type() == pog.venue.OrderType.MARKET ? null : px,
                    old.type().isTrigger() ? trigger : null, old.reduceOnly());
            return () -> {
                exchange.cancelOrder(acct, old.orderId());
                if (coi != 0) {
                    store.alias(account, coi, coreId);
                }
                exchange.place(acct, replacement);
            };
        }
        if (tx.body() instanceof Transfer t) {
            return transfer(account, t);
        }
        if (tx.body() instanceof Withdraw w) {
            usdcOnPerps(w.assetIndex(), w.routeType(), w.routeType());
            BigDecimal amount = usdc(w.amount());
            requireFree(account, amount);
            return () -> moveOut(account, null, amount);
        }
        if (tx.body() instanceof UpdateMargin u) {
            market(u.marketIndex());
            throw new ApiError(ApiError.UNSUPPORTED, "update margin is not supported by the simulator: every position"
                    + " is cross margin, so there is no isolated margin to " + (u.direction() == 1 ? "add to" : "remove from"));
        }
        if (tx.body() instanceof UpdateLeverage u) {
            LighterSimConfig.Market m = market(u.marketIndex());
            if (u.marginMode() != 0) {
                throw new ApiError(ApiError.UNSUPPORTED, "isolated margin is not supported by the simulator");
            }
            int leverage = Math.max(1, 10_000 / u.initialMarginFraction());
            if (leverage > m.maxLeverage()) {
                throw new ApiError(ApiError.INVALID_PARAM, "initial margin fraction " + u.initialMarginFraction()
                        + " is below the market's minimum " + 10_000 / m.maxLeverage());
            }
            return () -> exchange.setLeverage(acct, m.symbol(), leverage);
        }
        throw new ApiError(ApiError.INVALID_TX_TYPE, "tx_type " + tx.txType() + " is not supported by the simulator");
    }

    /** Lighter's USDC asset index, and its amounts' unit (1 USDC = 10^6). */
    static final int USDC_ASSET = 3;
    private static final int USDC_DECIMALS = 6;

    private Runnable transfer(long account, Transfer t) throws ApiError {
        usdcOnPerps(t.assetIndex(), t.fromRouteType(), t.toRouteType());
        if (t.toAccountIndex() == account) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: a transfer needs a ToAccountIndex other than"
                    + " the sender");
        }
        if (store.owner(t.toAccountIndex()) == null) {
            throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: " + t.toAccountIndex()
                    + " (the transfer's ToAccountIndex)");
        }
        BigDecimal amount = usdc(t.amount());
        BigDecimal fee = usdc(t.usdcFee());
        requireFree(account, amount.add(fee));
        return () -> {
            moveOut(account, t.toAccountIndex(), amount);
            if (fee.signum() > 0) {
                moveOut(account, null, fee);
            }
        };
    }

    private static void usdcOnPerps(int asset, int fromRoute, int toRoute) throws ApiError {
        if (asset != USDC_ASSET) {
            throw new ApiError(ApiError.UNSUPPORTED, "asset index " + asset + " is not supported by the simulator"
                    + " (only USDC, asset index " + USDC_ASSET + ")");
        }
        if (fromRoute != 0 || toRoute != 0) {
            throw new ApiError(ApiError.UNSUPPORTED, "the spot route is not supported by the simulator (route type 0,"
                    + " perps, is)");
        }
    }

    private static BigDecimal usdc(long units) {
        return BigDecimal.valueOf(units, USDC_DECIMALS);
    }

    /** Refuses (before the nonce is used) an amount above what the account has free: available, at most its cash. */
    private void requireFree(long account, BigDecimal amount) throws ApiError {
        String acct = Long.toString(account);
        BigDecimal free = exchange.account(acct).available().min(exchange.balance(acct)).max(BigDecimal.ZERO);
        if (amount.compareTo(free) > 0) {
            throw new ApiError(ApiError.NOT_ENOUGH_COLLATERAL, "not enough collateral: " + amount.toPlainString()
                    + " USDC requested, " + free.setScale(USDC_DECIMALS, java.math.RoundingMode.DOWN).toPlainString()
                    + " USDC free");
        }
    }

    private void moveOut(long account, Long to, BigDecimal amount) {
        BigDecimal balance = exchange.withdraw(Long.toString(account), to == null ? null : Long.toString(to), amount);
        log.info("event=lighter_usdc_out account={} to={} amount={} balance={}", account, to == null ? "l1" : to,
                amount.toPlainString(), balance.toPlainString());
    }

    /**
     * CreateGroupedOrders: one-triggers-the-other (an entry and its stop or take-profit: the child has BaseAmount 0,
     * waits off the book and goes on it in the entry's fill's own transaction, sized to the fill),
     * one-cancels-the-other (a stop and a take-profit, reduce-only, one fills and the other is cancelled), or both
     * (an entry whose two children become OCO siblings at its fill). The shapes were checked when the transaction
     * was parsed (CreateGroupedOrders.validate).
     */
    private Runnable groupedOrders(ParsedTx tx, CreateGroupedOrders g, long account) throws ApiError {
        String acct = Long.toString(account);
        LighterSimConfig.Market m = market(g.orders().get(0).marketIndex());
        if (g.groupingType() == CreateGroupedOrders.ONE_CANCELS_THE_OTHER) {
            List<OrderRequest> siblings = new ArrayList<>();
            for (int i = 0; i < g.orders().size(); i++) {
                siblings.add(groupMember(tx, g.orders().get(i), m, account, i, g.orders().get(i).baseAmount()));
            }
            return () -> exchange.placeOneCancelsOther(acct, siblings);
        }
        CreateOrder parentOrder = g.orders().get(0);
        OrderRequest parent = groupMember(tx, parentOrder, m, account, 0, parentOrder.baseAmount());
        List<OrderRequest> children = new ArrayList<>();
        for (int i = 1; i < g.orders().size(); i++) {
            // BaseAmount 0: the child takes the parent's fill; the core sizes it to min(this, what filled).
            children.add(groupMember(tx, g.orders().get(i), m, account, i, parentOrder.baseAmount()));
        }
        return () -> exchange.placeWithChildren(acct, parent, children);
    }

    private OrderRequest groupMember(ParsedTx tx, CreateOrder o, LighterSimConfig.Market m, long account, int index,
                                     long baseAmount) throws ApiError {
        CreateOrder sized = new CreateOrder(o.marketIndex(), o.clientOrderIndex(), baseAmount, o.price(), o.isAsk(),
                o.type(), o.timeInForce(), o.reduceOnly(), o.triggerPrice(), o.orderExpiry());
        OrderRequest r = request(tx, sized, m, account);
        if (o.clientOrderIndex() != 0) {
            return r;
        }
        // Without a client order index every member would get the transaction's own id: keep them apart.
        return new OrderRequest(r.clientId() + "~" + index, r.symbol(), r.side(), r.type(), r.size(), r.limitPrice(),
                r.triggerPrice(), r.reduceOnly());
    }

    private OrderRequest request(ParsedTx tx, CreateOrder o, LighterSimConfig.Market m, long account) throws ApiError {
        BigDecimal size = amount(o.baseAmount(), m.sizeDecimals());
        BigDecimal price = amount(o.price(), m.priceDecimals());
        boolean reduceOnly = o.reduceOnly() == 1;
        if (!reduceOnly && (size.compareTo(m.minBaseAmount()) < 0
                || size.multiply(price).compareTo(m.minQuoteAmount()) < 0)) {
            throw new ApiError(ApiError.INVALID_AMOUNT, "invalid order base or quote amount: " + size.toPlainString()
                    + " at " + price.toPlainString() + " (min base " + m.minBaseAmount().toPlainString()
                    + ", min quote " + m.minQuoteAmount().toPlainString() + ")");
        }
        if (size.signum() == 0) {
            throw new ApiError(ApiError.UNSUPPORTED, "reduce-only orders with BaseAmount 0 (close all) are not"
                    + " supported by the simulator");
        }
        Side side = o.isAsk() == 1 ? Side.SELL : Side.BUY;
        String clientId = o.clientOrderIndex() == 0 ? "tx~" + tx.apiKeyIndex() + "~" + tx.nonce()
                : store.coreClientId(account, o.clientOrderIndex());
        BigDecimal trigger = o.triggerPrice() == 0 ? null : amount(o.triggerPrice(), m.priceDecimals());
        pog.venue.OrderType type = switch (o.type()) {
            // A market order's price is its worst acceptable one: an IOC limit in the core.
            case OrderType.MARKET -> pog.venue.OrderType.LIMIT_IOC;
            case OrderType.LIMIT -> switch (o.timeInForce()) {
                case TimeInForce.GOOD_TILL_TIME -> pog.venue.OrderType.LIMIT_GTC;
                case TimeInForce.POST_ONLY -> pog.venue.OrderType.LIMIT_POST_ONLY;
                default -> pog.venue.OrderType.LIMIT_IOC;
            };
            case OrderType.STOP_LOSS -> pog.venue.OrderType.STOP_MARKET;
            case OrderType.TAKE_PROFIT -> pog.venue.OrderType.TAKE_PROFIT_MARKET;
            default -> throw new ApiError(ApiError.UNSUPPORTED, "order type " + o.type()
                    + " is not supported by the simulator (limit, market, stop-loss, take-profit are)");
        };
        return new OrderRequest(clientId, m.symbol(), side, type, size, type.isTrigger() ? null : price, trigger,
                reduceOnly || type.isTrigger());
    }

    private static BigDecimal amount(long units, int decimals) {
        return BigDecimal.valueOf(units, decimals);
    }

    private LighterSimConfig.Market market(int id) throws ApiError {
        LighterSimConfig.Market m = config.market(id);
        if (m == null) {
            throw new ApiError(ApiError.INVALID_MARKET, "invalid market index " + id);
        }
        return m;
    }

    /** An open order of that market by order index (2^48 and above) or by client order index (below). */
    private Order findOpen(long account, LighterSimConfig.Market m, long index) throws ApiError {
        String acct = Long.toString(account);
        Order o = index >= Shapes.ORDER_INDEX_BASE
                ? exchange.orderById(acct, Long.toString(index - Shapes.ORDER_INDEX_BASE)).orElse(null)
                : exchange.order(acct, store.coreClientId(account, index)).orElse(null);
        if (o == null || !o.isOpen() || !o.symbol().equals(m.symbol())) {
            throw new ApiError(ApiError.ORDER_NOT_FOUND, "order not found: index " + index + " in market "
                    + m.marketId());
        }
        return o;
    }

    private int cancelAll(long account, LighterSimConfig.Market only, String why) {
        String acct = Long.toString(account);
        int n = 0;
        for (Order o : exchange.openOrders(acct)) {
            if ((only == null || o.symbol().equals(only.symbol())) && exchange.cancelOrder(acct, o.orderId())) {
                n++;
            }
        }
        log.info("event=lighter_cancel_all account={} why={} cancelled={}", account, why, n);
        return n;
    }

    /** Fires each scheduled cancel-all whose time has come (on every request and every mark tick). */
    public void runDueSchedules() {
        long now = clock.millis();
        for (Map.Entry<Long, Long> e : store.schedules().entrySet()) {
            if (e.getValue() <= now) {
                synchronized (lockOf(e.getKey())) {
                    Long at = store.schedule(e.getKey());
                    if (at != null && at <= now) {
                        store.schedule(e.getKey(), null);
                        cancelAll(e.getKey(), null, "scheduled");
                    }
                }
            }
        }
    }

    /**
     * Verifies a signature by a registered key with its precomputed verifier (about 80 KB, built on the key's first
     * use), kept for up to {@link #VERIFIERS} keys; a key beyond that, or one a ChangePubKey only proposes, is
     * verified without a table (as before the cache), so no caller can fill the cache with keys of its choosing.
     * Verification runs on the request's thread before the account's lock and the core's, so signatures are checked
     * in parallel, off the matching path.
     */
    private boolean verified(byte[] publicKey, boolean registered, byte[] message, byte[] signature) {
        if (!registered) {
            return Schnorr.verify(publicKey, message, signature);
        }
        String k = HEX.formatHex(publicKey);
        Schnorr.Verifier v = verifiers.get(k);
        if (v == null) {
            if (verifiers.size() >= VERIFIERS) {
                return Schnorr.verify(publicKey, message, signature);
            }
            v = verifiers.computeIfAbsent(k, x -> Schnorr.Verifier.of(publicKey));
        }
        return v.verify(message, signature);
    }

    private Object lockOf(long account) {
        return locks.computeIfAbsent(account, a -> new Object());
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
        if (!verified(HEX.parseHex(key.publicKey()), true, t.messageHash().toLittleEndianBytes(), t.signature())) {
            throw new ApiError(ApiError.INVALID_AUTH, "invalid auth: the signature is not by api key "
                    + t.apiKeyIndex() + " of account " + account);
        }
    }

    // ------------------------------------------------------------------ queries

    /** The next nonce of a key slot: one above its last; an unused slot of an existing account answers 0. */
    public ObjectNode nextNonce(long account, int apiKeyIndex) throws ApiError {
        requireAccount(account);
        if (apiKeyIndex < 0 || apiKeyIndex > 254) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: api_key_index must be 0..254");
        }
        ObjectNode n = Shapes.ok();
        n.put("nonce", store.nextNonce(account, apiKeyIndex));
        return n;
    }

    private void requireAccount(long account) throws ApiError {
        if (store.owner(account) == null) {
            throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: " + account);
        }
    }

    /** {@code accountsByL1Address?l1_address=}: the accounts an L1 address owns, as {@code sub_accounts}. */
    public ObjectNode accountsByL1Address(String l1) throws ApiError {
        String owner = l1Address(l1);
        List<Long> indexes = store.accountsOf(owner);
        if (indexes.isEmpty()) {
            throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: no account for l1 address " + owner);
        }
        ObjectNode n = Shapes.ok();
        n.put("l1_address", owner);
        ArrayNode subs = n.putArray("sub_accounts");
        for (long i : indexes) {
            subs.add(accountJson(i));
        }
        return n;
    }

    public ObjectNode apiKeys(long account, Integer apiKeyIndex) throws ApiError {
        requireAccount(account);
        ObjectNode n = Shapes.ok();
        ArrayNode keys = n.putArray("api_keys");
        for (LighterStore.ApiKey k : store.apiKeys(account)) {
            if (apiKeyIndex == null || apiKeyIndex == 255 || apiKeyIndex == k.apiKeyIndex()) {
                ObjectNode o = keys.addObject();
                o.put("account_index", k.accountIndex());
                o.put("api_key_index", k.apiKeyIndex());
                o.put("nonce", k.lastNonce() + 1);
                o.put("public_key", k.publicKey());
            }
        }
        return n;
    }

    public ObjectNode orderBooks(Integer marketId, boolean details) throws ApiError {
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray(details ? "order_book_details" : "order_books");
        Map<String, BigDecimal> marks = exchange.marks();
        if (marketId != null && marketId != 255) {
            LighterSimConfig.Market m = market(marketId);
            list.add(Shapes.market(m, details, marks.get(m.symbol())));
            return n;
        }
        for (LighterSimConfig.Market m : config.markets()) {
            list.add(Shapes.market(m, details, marks.get(m.symbol())));
        }
        return n;
    }

    /** {@code account?by=index|l1_address&value=}: a provisioned account (by L1 address: its first account). */
    public ObjectNode account(String by, String value) throws ApiError {
        long account;
        if ("l1_address".equals(by)) {
            List<Long> indexes = store.accountsOf(l1Address(value));
            if (indexes.isEmpty()) {
                throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: no account for l1 address " + value);
            }
            account = indexes.get(0);
        } else if ("index".equals(by)) {
            try {
                account = Long.parseLong(value == null ? "" : value.trim());
            } catch (NumberFormatException e) {
                throw new ApiError(ApiError.INVALID_PARAM, "invalid param: value must be an account index");
            }
            requireAccount(account);
        } else {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: by must be index or l1_address");
        }
        ObjectNode n = Shapes.ok();
        n.put("total", 1);
        n.putArray("accounts").add(accountJson(account));
        return n;
    }

    private ObjectNode accountJson(long account) {
        String acct = Long.toString(account);
        pog.venue.Account a = exchange.account(acct);
        BigDecimal balance = exchange.balance(acct);
        List<Order> open = exchange.openOrders(acct);
        ObjectNode o = F.objectNode();
        o.put("code", 0);
        o.put("account_type", 0);
        o.put("index", account);
        o.put("l1_address", store.owner(account));
        Long cancelAt = store.schedule(account);
        o.put("cancel_all_time", cancelAt == null ? 0 : cancelAt);
        o.put("total_order_count", open.size());
        o.put("pending_order_count", 0);
        o.put("status", 1);
        o.put("collateral", Shapes.scaled(balance, 6));
        o.put("available_balance", Shapes.scaled(a.available(), 6));
        o.put("total_asset_value", Shapes.scaled(a.equity(), 6));
        o.put("cross_asset_value", Shapes.scaled(a.equity(), 6));
        ArrayNode positions = o.putArray("positions");
        for (Position p : exchange.positions(acct)) {
            LighterSimConfig.Market m = config.market(p.symbol());
            int count = (int) open.stream().filter(x -> x.symbol().equals(p.symbol())).count();
            positions.add(Shapes.position(m, p, exchange.leverage(acct, p.symbol()), count));
        }
        return o;
    }

    public ObjectNode activeOrders(long account, int marketId, String auth) throws ApiError {
        authorize(auth, account);
        LighterSimConfig.Market m = market(marketId);
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray("orders");
        for (Order o : exchange.openOrders(Long.toString(account))) {
            if (o.symbol().equals(m.symbol())) {
                list.add(Shapes.order(account, m, o));
            }
        }
        return n;
    }

    /** {@code accountInactiveOrders}: finished orders, newest first, at most {@code limit}. */
    public ObjectNode inactiveOrders(long account, Integer marketId, int limit, String auth) throws ApiError {
        authorize(auth, account);
        LighterSimConfig.Market only = marketId == null || marketId == 255 ? null : market(marketId);
        if (limit < 1 || limit > 100) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: limit must be 1..100");
        }
        String acct = Long.toString(account);
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray("orders");
        for (long id : store.doneOrders(account, only == null ? limit : 100)) {
            Order cached = finished(account, id);
            (cached != null ? java.util.Optional.of(cached) : exchange.orderById(acct, Long.toString(id)))
                    .filter(o -> !o.isOpen())
                    .filter(o -> only == null || o.symbol().equals(only.symbol()))
                    .ifPresent(o -> list.add(Shapes.order(account, config.market(o.symbol()), o)));
            if (list.size() >= limit) {
                break;
            }
        }
        n.put("next_cursor", "");
        return n;
    }

    /**
     * {@code trades?account_index=&sort_by=trade_id&sort_dir=asc|desc&from=&limit=}: the account's trades with
     * trade_id above {@code from}, oldest (or newest) first. Trade ids increase strictly per account.
     */
    public ObjectNode trades(long account, long from, int limit, boolean descending, String auth) throws ApiError {
        authorize(auth, account);
        if (limit < 1 || limit > 100) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: limit must be 1..100");
        }
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray("trades");
        List<Fill> fills = new ArrayList<>(exchange.fillsSince(Long.toString(account), from));
        Comparator<Fill> order = Comparator.comparingLong(Fill::cursor);
        fills.sort(descending ? order.reversed() : order);
        for (Fill f : fills.subList(0, Math.min(limit, fills.size()))) {
            list.add(trade(account, f));
        }
        n.put("next_cursor", fills.size() > limit ? Long.toString(fills.get(limit - 1).cursor()) : "");
        return n;
    }

    private ObjectNode trade(long account, Fill f) {
        return Shapes.trade(account, config.market(f.symbol()), f, f.orderId(), Shapes.clientOrderIndex(f.clientId()));
    }

    // ------------------------------------------------------------------ pushes

    private void watch(long account) {
        subscriptions.computeIfAbsent(account, a -> exchange.subscribe(Long.toString(a), new VenueListener() {
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
        }));
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

    private Order finished(long account, long orderId) {
        Map<Long, Order> m = finished.get(account);
        return m == null ? null : m.get(orderId);
    }

    /** Snapshot for a new account_all subscriber: positions and open orders by market id. */
    ObjectNode accountSnapshot(long account) throws ApiError {
        requireAccount(account);
        watch(account);
        String acct = Long.toString(account);
        ObjectNode n = F.objectNode();
        ObjectNode positions = n.putObject("positions");
        for (Position p : exchange.positions(acct)) {
            LighterSimConfig.Market m = config.market(p.symbol());
            positions.set(Integer.toString(m.marketId()), Shapes.position(m, p, exchange.leverage(acct, p.symbol()), 0));
        }
        ObjectNode orders = n.putObject("orders");
        for (Order o : exchange.openOrders(acct)) {
            LighterSimConfig.Market m = config.market(o.symbol());
            ArrayNode list = orders.has(Integer.toString(m.marketId())) ? (ArrayNode) orders.get(Integer.toString(m.marketId()))
                    : orders.putArray(Integer.toString(m.marketId()));
            list.add(Shapes.order(account, m, o));
        }
        n.putObject("trades");
        return n;
    }

    /** Open orders by market id ({@code {"0":[...]}}), of one market or (null) all; the account must exist. */
    ObjectNode openOrdersByMarket(long account, Integer marketId) throws ApiError {
        requireAccount(account);
        watch(account);
        ObjectNode orders = F.objectNode();
        if (marketId != null) {
            orders.putArray(Integer.toString(marketId));
        }
        for (Order o : exchange.openOrders(Long.toString(account))) {
            LighterSimConfig.Market m = config.market(o.symbol());
            if (marketId == null || m.marketId() == marketId) {
                String k = Integer.toString(m.marketId());
                (orders.has(k) ? (ArrayNode) orders.get(k) : orders.putArray(k)).add(Shapes.order(account, m, o));
            }
        }
        return orders;
    }

    @Override
    public void close() {
        try {
            markSubscription.close();
            for (AutoCloseable c : subscriptions.values()) {
                c.close();
            }
        } catch (Exception e) {
            log.warn("event=unsubscribe_failed error={}", e.toString());
        }
        exchange.close();
        store.close();
        log.info("event=lighter_sim_closed");
    }

}
