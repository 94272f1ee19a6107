package pog.lighter.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.Position;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lighter's query half (the REST lookups and the socket's snapshots): order books, accounts, API keys, nonces, orders
 * and trades, in the venue's shapes, authenticated where the venue asks for an auth token. It changes nothing; the
 * transaction half is {@link TxApi}.
 */
final class QueryApi {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final LighterSimulator sim;

    QueryApi(LighterSimulator sim) {
        this.sim = sim;
    }

    /** The next nonce of a key slot: one above its last; an unused slot of an existing account answers 0. */
    public ObjectNode nextNonce(long account, int apiKeyIndex) throws ApiError {
        requireAccount(account);
        if (apiKeyIndex < 0 || apiKeyIndex > 254) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: api_key_index must be 0..254");
        }
        ObjectNode n = Shapes.ok();
        n.put("nonce", sim.store().nextNonce(account, apiKeyIndex));
        return n;
    }

    private void requireAccount(long account) throws ApiError {
        if (sim.store().owner(account) == null) {
            throw new ApiError(ApiError.ACCOUNT_NOT_FOUND, "account not found: " + account);
        }
    }

    /** {@code accountsByL1Address?l1_address=}: the accounts an L1 address owns, as {@code sub_accounts}. */
    public ObjectNode accountsByL1Address(String l1) throws ApiError {
        String owner = LighterSimulator.l1Address(l1);
        List<Long> indexes = sim.store().accountsOf(owner);
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
        for (LighterStore.ApiKey k : sim.store().apiKeys(account)) {
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
        Map<String, BigDecimal> marks = sim.exchange().marks();
        if (marketId != null && marketId != 255) {
            LighterSimConfig.Market m = sim.market(marketId);
            list.add(Shapes.market(m, details, marks.get(m.symbol())));
            return n;
        }
        for (LighterSimConfig.Market m : sim.config().markets()) {
            list.add(Shapes.market(m, details, marks.get(m.symbol())));
        }
        return n;
    }

    /** {@code account?by=index|l1_address&value=}: a provisioned account (by L1 address: its first account). */
    public ObjectNode account(String by, String value) throws ApiError {
        long account;
        if ("l1_address".equals(by)) {
            List<Long> indexes = sim.store().accountsOf(LighterSimulator.l1Address(value));
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
        pog.venue.Account a = sim.exchange().account(acct);
        BigDecimal balance = sim.exchange().balance(acct);
        List<Order> open = sim.exchange().openOrders(acct);
        ObjectNode o = F.objectNode();
        o.put("code", 0);
        o.put("account_type", 0);
        o.put("index", account);
        o.put("l1_address", sim.store().owner(account));
        Long cancelAt = sim.store().schedule(account);
        o.put("cancel_all_time", cancelAt == null ? 0 : cancelAt);
        o.put("total_order_count", open.size());
        o.put("pending_order_count", 0);
        o.put("status", 1);
        o.put("collateral", Shapes.scaled(balance, 6));
        o.put("available_balance", Shapes.scaled(a.available(), 6));
        o.put("total_asset_value", Shapes.scaled(a.equity(), 6));
        o.put("cross_asset_value", Shapes.scaled(a.equity(), 6));
        ArrayNode positions = o.putArray("positions");
        for (Position p : sim.exchange().positions(acct)) {
            LighterSimConfig.Market m = sim.config().market(p.symbol());
            int count = (int) open.stream().filter(x -> x.symbol().equals(p.symbol())).count();
            positions.add(Shapes.position(m, p, sim.exchange().leverage(acct, p.symbol()), count));
        }
        return o;
    }

    public ObjectNode activeOrders(long account, int marketId, String auth) throws ApiError {
        sim.authorize(auth, account);
        LighterSimConfig.Market m = sim.market(marketId);
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray("orders");
        for (Order o : sim.exchange().openOrders(Long.toString(account))) {
            if (o.symbol().equals(m.symbol())) {
                list.add(Shapes.order(account, m, o));
            }
        }
        return n;
    }

    /** {@code accountInactiveOrders}: finished orders, newest first, at most {@code limit}. */
    public ObjectNode inactiveOrders(long account, Integer marketId, int limit, String auth) throws ApiError {
        sim.authorize(auth, account);
        LighterSimConfig.Market only = marketId == null || marketId == 255 ? null : sim.market(marketId);
        if (limit < 1 || limit > 100) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: limit must be 1..100");
        }
        String acct = Long.toString(account);
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray("orders");
        for (long id : sim.store().doneOrders(account, only == null ? limit : 100)) {
            Order cached = sim.finished(account, id);
            (cached != null ? java.util.Optional.of(cached) : sim.exchange().orderById(acct, Long.toString(id)))
                    .filter(o -> !o.isOpen())
                    .filter(o -> only == null || o.symbol().equals(only.symbol()))
                    .ifPresent(o -> list.add(Shapes.order(account, sim.config().market(o.symbol()), o)));
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
        sim.authorize(auth, account);
        if (limit < 1 || limit > 100) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: limit must be 1..100");
        }
        ObjectNode n = Shapes.ok();
        ArrayNode list = n.putArray("trades");
        List<Fill> fills = new ArrayList<>(sim.exchange().fillsSince(Long.toString(account), from));
        Comparator<Fill> order = Comparator.comparingLong(Fill::cursor);
        fills.sort(descending ? order.reversed() : order);
        for (Fill f : fills.subList(0, Math.min(limit, fills.size()))) {
            list.add(sim.trade(account, f));
        }
        n.put("next_cursor", fills.size() > limit ? Long.toString(fills.get(limit - 1).cursor()) : "");
        return n;
    }


    /** Snapshot for a new account_all subscriber: positions and open orders by market id. */
    ObjectNode accountSnapshot(long account) throws ApiError {
        requireAccount(account);
        sim.watch(account);
        String acct = Long.toString(account);
        ObjectNode n = F.objectNode();
        ObjectNode positions = n.putObject("positions");
        for (Position p : sim.exchange().positions(acct)) {
            LighterSimConfig.Market m = sim.config().market(p.symbol());
            positions.set(Integer.toString(m.marketId()), Shapes.position(m, p, sim.exchange().leverage(acct, p.symbol()), 0));
        }
        ObjectNode orders = n.putObject("orders");
        for (Order o : sim.exchange().openOrders(acct)) {
            LighterSimConfig.Market m = sim.config().market(o.symbol());
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
        sim.watch(account);
        ObjectNode orders = F.objectNode();
        if (marketId != null) {
            orders.putArray(Integer.toString(marketId));
        }
        for (Order o : sim.exchange().openOrders(Long.toString(account))) {
            LighterSimConfig.Market m = sim.config().market(o.symbol());
            if (marketId == null || m.marketId() == marketId) {
                String k = Integer.toString(m.marketId());
                (orders.has(k) ? (ArrayNode) orders.get(k) : orders.putArray(k)).add(Shapes.order(account, m, o));
            }
        }
        return orders;
    }
}
