package pog.lighter.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.lighter.signer.schnorr.Schnorr;
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
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lighter's transaction half ({@code sendTx}, {@code sendTxBatch}, over REST and the socket): each transaction parsed,
 * its account and key found, its signature verified, its nonce checked and used, then executed on the sim core in the
 * order the class comment of {@link LighterSimulator} gives; and the scheduled cancel-alls. Its query half is
 * {@link QueryApi}.
 */
final class TxApi {
    private static final Logger log = LoggerFactory.getLogger(TxApi.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final int VERIFIERS = 256;
    private final Map<String, Schnorr.Verifier> verifiers = new ConcurrentHashMap<>();

    private final LighterSimulator sim;

    TxApi(LighterSimulator sim) {
        this.sim = sim;
    }

    /** {@code sendTx}: verifies and executes one signed transaction; the answer carries its hash. */
    public ObjectNode sendTx(int txType, String txInfo) throws ApiError {
        runDueSchedules();
        String hash = execute(txType, txInfo);
        ObjectNode n = Shapes.ok();
        n.put("message", "{\"ratelimit\": \"didn't use volume quota\"}");
        n.put("tx_hash", hash);
        n.put("predicted_execution_time_ms", sim.clock().millis());
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
        n.put("predicted_execution_time_ms", sim.clock().millis());
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
        String owner = sim.store().owner(tx.accountIndex());
        if (owner == null) {
            throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: " + tx.accountIndex());
        }
        byte[] publicKey;
        if (tx.body() instanceof ChangePubKey c) {
            publicKey = c.pubKey();
        } else {
            LighterStore.ApiKey key = sim.store().apiKey(tx.accountIndex(), tx.apiKeyIndex());
            if (key == null) {
                throw new ApiError(ApiError.API_KEY_NOT_FOUND, "api key not found: account " + tx.accountIndex()
                        + " api key index " + tx.apiKeyIndex());
            }
            publicKey = HEX.parseHex(key.publicKey());
        }
        long now = sim.clock().millis();
        if (tx.expiredAt() != 0 && tx.expiredAt() < now) {
            throw new ApiError(ApiError.EXPIRED, "transaction expired at " + tx.expiredAt());
        }
        String hash;
        try {
            byte[] message = tx.messageHash(sim.config().chainId()).toLittleEndianBytes();
            if (!verified(publicKey, !(tx.body() instanceof ChangePubKey), message, tx.signature())) {
                throw new ApiError(ApiError.INVALID_SIGNATURE, "invalid signature");
            }
            hash = HEX.formatHex(message);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid tx_info: " + e.getMessage());
        }
        if (tx.body() instanceof L1Signed) {
            String signer = tx.l1Signer(sim.config().chainId());
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
            synchronized (sim.lockOf(account)) {
                if (!sim.store().changeKey(account, tx.apiKeyIndex(), c.pubKeyHex(), tx.nonce())) {
                    throw invalidNonce(account, tx.apiKeyIndex(), tx.nonce());
                }
            }
            sim.watch(account);
            log.info("event=lighter_change_pub_key account={} apiKey={} nonce={} hash={}", account, tx.apiKeyIndex(),
                    tx.nonce(), hash);
            sim.executed();
            return hash;
        }
        sim.watch(account);
        synchronized (sim.lockOf(account)) {
            Runnable action = plan(tx, account);
            if (!sim.store().useNonce(account, tx.apiKeyIndex(), tx.nonce())) {
                throw invalidNonce(account, tx.apiKeyIndex(), tx.nonce());
            }
            action.run();
        }
        log.info("event=lighter_tx account={} apiKey={} type={} nonce={} hash={}", account, tx.apiKeyIndex(), txType,
                tx.nonce(), hash);
        sim.executed();
        return hash;
    }

    /** A nonce that is not the slot's next: a reuse (below it) or a gap (above it); either is 21104 and uses nothing. */
    private ApiError invalidNonce(long account, int apiKeyIndex, long nonce) {
        long next = sim.store().nextNonce(account, apiKeyIndex);
        return new ApiError(ApiError.INVALID_NONCE, "invalid nonce: " + nonce + (nonce < next ? " was already used"
                : " skips ahead") + "; api key " + apiKeyIndex + " of account " + account + " takes " + next + " next");
    }

    /** Checks a transaction against the exchange's state and returns what executing it does. */
    private Runnable plan(ParsedTx tx, long account) throws ApiError {
        String acct = Long.toString(account);
        if (tx.body() instanceof CreateOrder o) {
            LighterSimConfig.Market m = sim.market(o.marketIndex());
            OrderRequest request = request(tx, o, m, account);
            return () -> sim.exchange().place(acct, request);
        }
        if (tx.body() instanceof CreateGroupedOrders g) {
            return groupedOrders(tx, g, account);
        }
        if (tx.body() instanceof CancelOrder c) {
            LighterSimConfig.Market m = sim.market(c.marketIndex());
            Order o = findOpen(account, m, c.index());
            return () -> sim.exchange().cancelOrder(acct, o.orderId());
        }
        if (tx.body() instanceof CancelAllOrders c) {
            Long only = tx.attributes().values().get(TxAttributes.CANCEL_ALL_MARKET_INDEX);
            LighterSimConfig.Market m = only == null || only == 255 ? null : sim.market(only.intValue());
            return switch (c.timeInForce()) {
                case TimeInForce.CANCEL_ALL_IMMEDIATE -> () -> cancelAll(account, m, "cancel-all");
                case TimeInForce.CANCEL_ALL_SCHEDULED -> () -> sim.store().schedule(account, c.time());
                default -> () -> sim.store().schedule(account, null);
            };
        }
        if (tx.body() instanceof ModifyOrder mo) {
            LighterSimConfig.Market m = sim.market(mo.marketIndex());
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
                sim.exchange().cancelOrder(acct, old.orderId());
                if (coi != 0) {
                    sim.store().alias(account, coi, coreId);
                }
                sim.exchange().place(acct, replacement);
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
            sim.market(u.marketIndex());
            throw new ApiError(ApiError.UNSUPPORTED, "update margin is not supported by the simulator: every position"
                    + " is cross margin, so there is no isolated margin to " + (u.direction() == 1 ? "add to" : "remove from"));
        }
        if (tx.body() instanceof UpdateLeverage u) {
            LighterSimConfig.Market m = sim.market(u.marketIndex());
            if (u.marginMode() != 0) {
                throw new ApiError(ApiError.UNSUPPORTED, "isolated margin is not supported by the simulator");
            }
            int leverage = Math.max(1, 10_000 / u.initialMarginFraction());
            if (leverage > m.maxLeverage()) {
                throw new ApiError(ApiError.INVALID_PARAM, "initial margin fraction " + u.initialMarginFraction()
                        + " is below the market's minimum " + 10_000 / m.maxLeverage());
            }
            return () -> sim.exchange().setLeverage(acct, m.symbol(), leverage);
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
        if (sim.store().owner(t.toAccountIndex()) == null) {
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
        BigDecimal free = sim.exchange().account(acct).available().min(sim.exchange().balance(acct)).max(BigDecimal.ZERO);
        if (amount.compareTo(free) > 0) {
            throw new ApiError(ApiError.NOT_ENOUGH_COLLATERAL, "not enough collateral: " + amount.toPlainString()
                    + " USDC requested, " + free.setScale(USDC_DECIMALS, java.math.RoundingMode.DOWN).toPlainString()
                    + " USDC free");
        }
    }

    private void moveOut(long account, Long to, BigDecimal amount) {
        BigDecimal balance = sim.exchange().withdraw(Long.toString(account), to == null ? null : Long.toString(to), amount);
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
        LighterSimConfig.Market m = sim.market(g.orders().get(0).marketIndex());
        if (g.groupingType() == CreateGroupedOrders.ONE_CANCELS_THE_OTHER) {
            List<OrderRequest> siblings = new ArrayList<>();
            for (int i = 0; i < g.orders().size(); i++) {
                siblings.add(groupMember(tx, g.orders().get(i), m, account, i, g.orders().get(i).baseAmount()));
            }
            return () -> sim.exchange().placeOneCancelsOther(acct, siblings);
        }
        CreateOrder parentOrder = g.orders().get(0);
        OrderRequest parent = groupMember(tx, parentOrder, m, account, 0, parentOrder.baseAmount());
        List<OrderRequest> children = new ArrayList<>();
        for (int i = 1; i < g.orders().size(); i++) {
            // BaseAmount 0: the child takes the parent's fill; the core sizes it to min(this, what filled).
            children.add(groupMember(tx, g.orders().get(i), m, account, i, parentOrder.baseAmount()));
        }
        return () -> sim.exchange().placeWithChildren(acct, parent, children);
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
                : sim.store().coreClientId(account, o.clientOrderIndex());
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

    /** An open order of that market by order index (2^48 and above) or by client order index (below). */
    private Order findOpen(long account, LighterSimConfig.Market m, long index) throws ApiError {
        String acct = Long.toString(account);
        Order o = index >= Shapes.ORDER_INDEX_BASE
                ? sim.exchange().orderById(acct, Long.toString(index - Shapes.ORDER_INDEX_BASE)).orElse(null)
                : sim.exchange().order(acct, sim.store().coreClientId(account, index)).orElse(null);
        if (o == null || !o.isOpen() || !o.symbol().equals(m.symbol())) {
            throw new ApiError(ApiError.ORDER_NOT_FOUND, "order not found: index " + index + " in market "
                    + m.marketId());
        }
        return o;
    }

    private int cancelAll(long account, LighterSimConfig.Market only, String why) {
        String acct = Long.toString(account);
        int n = 0;
        for (Order o : sim.exchange().openOrders(acct)) {
            if ((only == null || o.symbol().equals(only.symbol())) && sim.exchange().cancelOrder(acct, o.orderId())) {
                n++;
            }
        }
        log.info("event=lighter_cancel_all account={} why={} cancelled={}", account, why, n);
        return n;
    }

    /** Fires each scheduled cancel-all whose time has come (on every request and every mark tick). */
    public void runDueSchedules() {
        long now = sim.clock().millis();
        for (Map.Entry<Long, Long> e : sim.store().schedules().entrySet()) {
            if (e.getValue() <= now) {
                synchronized (sim.lockOf(e.getKey())) {
                    Long at = sim.store().schedule(e.getKey());
                    if (at != null && at <= now) {
                        sim.store().schedule(e.getKey(), null);
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
    boolean verified(byte[] publicKey, boolean registered, byte[] message, byte[] signature) {
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
}
