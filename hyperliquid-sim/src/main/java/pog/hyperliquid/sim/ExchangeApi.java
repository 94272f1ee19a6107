package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.Signature;
import pog.hyperliquid.wire.CancelByCloidWire;
import pog.hyperliquid.wire.CancelWire;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.ModifyWire;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tpsl;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;
import pog.venue.VenueException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /exchange}: recovers the signer, applies Hyperliquid's nonce rules, then carries out the action on the
 * simulation core and answers in the venue's shapes. Signature recovery runs outside the action lock (it is the
 * expensive part); everything from the nonce check on runs under it.
 */
final class ExchangeApi {
    private static final Logger log = LoggerFactory.getLogger(ExchangeApi.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final long NONCE_PAST_MS = 2L * 24 * 3600 * 1000;
    static final long NONCE_FUTURE_MS = 24L * 3600 * 1000;
    static final long SCHEDULE_MIN_LEAD_MS = 5_000;
    static final int SCHEDULE_MAX_PER_DAY = 10;
    static final int MAX_NAMED_AGENTS = 3;
    private static final BigDecimal PRICE_BAND = new BigDecimal("0.8");
    static final long MAX_AGENT_VALIDITY_MS = 180L * 24 * 3600 * 1000;
    static final String NOT_OPEN = "Order was never placed, already canceled, or filled.";
    private static final java.util.Set<String> ACTIONS = java.util.Set.of("order", "cancel", "cancelByCloid",
            "batchModify", "modify", "updateLeverage", "updateIsolatedMargin", "scheduleCancel", "noop");

    private final HyperliquidSimulator sim;

    ExchangeApi(HyperliquidSimulator sim) {
        this.sim = sim;
    }

    /** A parsed and verified request: who signed it and for which account. */
    private record Signed(String signer, String account, long nonce, JsonNode action) {
    }

    JsonNode handle(JsonNode body) throws BadRequest {
        if (!body.isObject()) {
            throw BadRequest.deserialize("invalid type: expected struct ExchangeRequest");
        }
        for (String field : new String[]{"action", "nonce", "signature"}) {
            if (!body.hasNonNull(field)) {
                throw BadRequest.deserialize("missing field `" + field + "`");
            }
        }
        L1Action l1;
        Signature signature;
        try {
            l1 = L1Action.fromRequestBody(body);
            signature = Signature.fromJson(body.get("signature"));
        } catch (IllegalArgumentException e) {
            throw BadRequest.deserialize(e.getMessage());
        }
        String type = l1.action().path("type").asText("");
        if (type.equals("approveAgent")) {
            return approveAgent(l1, signature);
        }
        if (!ACTIONS.contains(type)) {
            throw BadRequest.deserialize("unknown variant `" + type + "`");
        }
        // Parse first (a malformed action is refused like a body that does not deserialize), then recover the
        // signer over the action as the venue rebuilds it from what it parsed, not over the JSON as it arrived.
        Parsed parsed = parse(type, l1.action());
        L1Action canonical = new L1Action(canonical(type, parsed, l1.action()), l1.nonce(), l1.vaultAddress(),
                l1.expiresAfter());
        Optional<Address> recovered;
        try {
            recovered = SignerRecovery.recover(canonical, sim.network(), signature);
        } catch (IllegalArgumentException e) {
            throw BadRequest.deserialize(e.getMessage());
        }
        if (recovered.isEmpty()) {
            return err("Unable to recover signer.");
        }
        long now = sim.clock().millis();
        String signer = recovered.get().toString();
        String account = accountOf(signer, now);
        if (account == null) {
            diagnoseUnknownSigner(signer, l1, canonical, signature, now);
            return err("User or API Wallet " + signer + " does not exist.");
        }
        if (l1.vaultAddress() != null) {
            // No vaults or sub-accounts are simulated, so no vaultAddress belongs to the signer (the venue answers
            // this for an address that is not a vault or sub-account of the signer, the signer's own included).
            log.info("event=vault_refused signer={} account={} vault={}", signer, account, l1.vaultAddress());
            return err("Vault not registered: " + l1.vaultAddress());
        }
        if (l1.expiresAfter() != null && l1.expiresAfter() < now) {
            return err("Action expired.");
        }
        Signed s = new Signed(signer, account, l1.nonce(), l1.action());
        synchronized (sim.lockOf(account)) {
            if (l1.nonce() <= now - NONCE_PAST_MS) {
                return err("Invalid nonce: nonce too low " + l1.nonce() + " < " + (now - NONCE_PAST_MS));
            }
            if (l1.nonce() >= now + NONCE_FUTURE_MS) {
                return err("Invalid nonce: nonce too high " + l1.nonce() + " > " + (now + NONCE_FUTURE_MS));
            }
            String refusal = sim.store().useNonce(signer, l1.nonce());
            if (refusal != null) {
                log.info("event=nonce_refused signer={} nonce={} reason=\"{}\"", signer, l1.nonce(), refusal);
                return err(refusal);
            }
            String budget = addressBudget(account, parsed, now);
            if (budget != null) {
                sim.store().flush();
                return err(budget);
            }
            sim.store().flush(); // the nonce is spent before anything it authorises happens
            sim.countRequests(account, requestWeight(parsed));
            try {
                return dispatch(type, s, parsed);
            } finally {
                sim.store().flush();
            }
        }
    }

    /**
     * The account a recovered signer acts for: its own if it is an account, its master's if it is a live approved
     * agent (or one listed under the config's {@code agents} whose master is an account); null if it is neither,
     * which is what a signature for the wrong network, by a replaced or expired agent, or over a payload the venue
     * hashes differently recovers to.
     */
    private String accountOf(String signer, long now) {
        HyperliquidStore.Agent agent = sim.store().agent(signer);
        if (agent != null && agent.liveAt(now) && sim.known(agent.master())) {
            return agent.master();
        }
        for (var e : sim.config().agents().entrySet()) {
            if (e.getKey().equalsIgnoreCase(signer)) {
                String master = e.getValue().toLowerCase(java.util.Locale.ROOT);
                return sim.known(master) ? master : null;
            }
        }
        return sim.known(signer) ? signer : null;
    }

    /**
     * The answer stays the venue's; the log says what most likely happened. Recovers once more with the other
     * network's phantom-agent source, and over the JSON exactly as sent: if either gives a known account, that is
     * the one the client meant.
     */
    private void diagnoseUnknownSigner(String signer, L1Action sent, L1Action canonical, Signature signature,
                                       long now) {
        pog.hyperliquid.signing.Network other = sim.network() == pog.hyperliquid.signing.Network.TESTNET
                ? pog.hyperliquid.signing.Network.MAINNET : pog.hyperliquid.signing.Network.TESTNET;
        try {
            Optional<Address> otherNetwork = SignerRecovery.recover(canonical, other, signature);
            String meant = otherNetwork.map(a -> accountOf(a.toString(), now)).orElse(null);
            if (meant != null) {
                String source = other == pog.hyperliquid.signing.Network.MAINNET ? "a" : "b";
                log.warn("event=wrong_network_signature configured={} recovered_signer={} other_source_signer={}"
                                + " account={} hint=\"the client signed for {} (source {}): {}\"", sim.config().network(),
                        signer, otherNetwork.get(), meant, other.name().toLowerCase(java.util.Locale.ROOT), source,
                        other == pog.hyperliquid.signing.Network.MAINNET
                                ? "set isTestnet: true (TS SDK) or start the simulator with --network mainnet"
                                : "sign for testnet, or start the simulator with --network testnet");
                return;
            }
            if (!sent.action().equals(canonical.action())) {
                Optional<Address> asSent = SignerRecovery.recover(sent, sim.network(), signature);
                String meantAsSent = asSent.map(a -> accountOf(a.toString(), now)).orElse(null);
                if (meantAsSent != null) {
                    log.warn("event=non_canonical_signature recovered_signer={} as_sent_signer={} account={}"
                                    + " hint=\"the client signed the JSON as sent, but the venue hashes the action it"
                                    + " parsed: fields in the venue's order, numbers without trailing zeros, lower-case"
                                    + " hex\"", signer, asSent.get(), meantAsSent);
                    return;
                }
            }
            HyperliquidStore.Agent agent = sim.store().agent(signer);
            if (agent != null) {
                log.warn("event=expired_agent_signature signer={} master={} validUntil={}", signer, agent.master(),
                        agent.validUntil());
                return;
            }
            log.info("event=unknown_signer signer={} hint=\"no account or approved agent; fund it with --fund {}"
                    + " or POST /admin/fund, or approve it as an agent\"", signer, signer);
        } catch (RuntimeException e) {
            log.info("event=unknown_signer signer={}", signer);
        }
    }

    private final java.util.Map<String, Long> lastThrottled = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The venue's address budget (docs, Rate limits and user limits): 10,000 requests plus one per USDC traded;
     * cancels may go on to {@code min(limit + 100000, 2 * limit)}; once over, one request per 10 s. Returns the
     * refusal (observed venue text) or null. Requests are counted in memory since the simulator started.
     */
    private String addressBudget(String account, Parsed parsed, long now) {
        long used = sim.requestsUsed(account);
        int weight = requestWeight(parsed);
        BigDecimal volume = sim.volume(account);
        long cap = 10_000L + volume.longValue();
        boolean cancel = parsed instanceof Parsed.Cancels || parsed instanceof Parsed.CloidCancels;
        long limit = cancel ? Math.min(cap + 100_000L, 2 * cap) : cap;
        if (used + weight <= limit) {
            return null;
        }
        Long last = lastThrottled.get(account);
        if (last == null || now - last >= 10_000) {
            lastThrottled.put(account, now);
            return null; // the one request per 10 s a limited address keeps
        }
        return "Too many cumulative requests sent (" + (used + weight) + " > " + limit + ") for cumulative volume "
                + "traded $" + volume.setScale(2, RoundingMode.DOWN).toPlainString() + ". Place taker orders to free up "
                + "1 request per USDC traded.";
    }

    /** Docs: "a batched request with n orders (or cancels) is treated as n requests" for the address budget. */
    private static int requestWeight(Parsed parsed) {
        if (parsed instanceof Parsed.Orders o) {
            return Math.max(1, o.orders().size());
        }
        if (parsed instanceof Parsed.Cancels c) {
            return Math.max(1, c.cancels().size());
        }
        if (parsed instanceof Parsed.CloidCancels c) {
            return Math.max(1, c.cancels().size());
        }
        if (parsed instanceof Parsed.Modifies m) {
            return Math.max(1, m.modifies().size());
        }
        return 1;
    }

    private static ObjectNode canonical(String type, Parsed parsed, JsonNode raw) {
        return switch (type) {
            case "order" -> CanonicalAction.orders(((Parsed.Orders) parsed).orders(), raw);
            case "cancel" -> CanonicalAction.cancels(((Parsed.Cancels) parsed).cancels());
            case "cancelByCloid" -> CanonicalAction.cloidCancels(((Parsed.CloidCancels) parsed).cancels());
            case "batchModify" -> CanonicalAction.batchModify(((Parsed.Modifies) parsed).modifies());
            case "modify" -> CanonicalAction.modify(((Parsed.Modifies) parsed).modifies().get(0));
            case "updateLeverage" -> {
                Parsed.Leverage l = (Parsed.Leverage) parsed;
                yield CanonicalAction.updateLeverage(l.asset(), l.isCross(), l.leverage());
            }
            case "updateIsolatedMargin" -> {
                Parsed.IsolatedMargin m = (Parsed.IsolatedMargin) parsed;
                yield CanonicalAction.updateIsolatedMargin(m.asset(), m.isBuy(), m.ntli());
            }
            case "scheduleCancel" -> CanonicalAction.scheduleCancel(((Parsed.ScheduleCancel) parsed).time());
            default -> CanonicalAction.type(type);
        };
    }

    private JsonNode dispatch(String type, Signed s, Parsed parsed) {
        return switch (type) {
            case "order" -> order(s, (Parsed.Orders) parsed);
            case "cancel" -> cancel(s, (Parsed.Cancels) parsed);
            case "cancelByCloid" -> cancelByCloid(s, (Parsed.CloidCancels) parsed);
            case "batchModify" -> batchModify(s, (Parsed.Modifies) parsed, true);
            case "modify" -> batchModify(s, (Parsed.Modifies) parsed, false);
            case "updateLeverage" -> updateLeverage(s, (Parsed.Leverage) parsed);
            case "updateIsolatedMargin" -> updateIsolatedMargin(s, (Parsed.IsolatedMargin) parsed);
            case "scheduleCancel" -> scheduleCancel(s, (Parsed.ScheduleCancel) parsed);
            default -> ok("default");
        };
    }

    /**
     * {@code approveAgent}: the master signs an EIP-712 user action naming the agent; from then on the agent's L1
     * signatures act for the master's account.
     */
    private JsonNode approveAgent(L1Action l1, Signature signature) throws BadRequest {
        ApproveAgent approve;
        try {
            approve = ApproveAgent.parse(l1.action());
        } catch (IllegalArgumentException e) {
            throw BadRequest.deserialize(e.getMessage());
        }
        String expectedChain = sim.config().testnet() ? "Testnet" : "Mainnet";
        if (!expectedChain.equals(approve.hyperliquidChain())) {
            return err("Invalid hyperliquidChain: expected " + expectedChain);
        }
        if (approve.nonce() != l1.nonce()) {
            return err("Action nonce does not match request nonce.");
        }
        Optional<Address> master = SignerRecovery.recoverDigest(approve.digest(), signature);
        if (master.isEmpty()) {
            return err("Unable to recover signer.");
        }
        String account = master.get().toString();
        String agent = approve.agent().toString();
        if (!sim.known(account) || sim.exchange().balance(account).signum() <= 0) {
            log.info("event=agent_refused account={} agent={} reason=not_funded", account, agent);
            return err("Must deposit before performing actions. User: " + account);
        }
        if (agent.equals(account)) {
            return err("Agent cannot be the account itself.");
        }
        // A name "desk valid_until 1790000000000" is the named agent "desk" expiring then (as the SDKs write it).
        String name = approve.agentName();
        Long validUntil = null;
        int at = name.indexOf(" valid_until ");
        if (at >= 0) {
            try {
                validUntil = Long.parseLong(name.substring(at + " valid_until ".length()).trim());
            } catch (NumberFormatException e) {
                throw BadRequest.deserialize("invalid valid_until in agentName");
            }
            name = name.substring(0, at);
        }
        synchronized (sim.lockOf(account)) {
            long now = sim.clock().millis();
            if (l1.nonce() <= now - NONCE_PAST_MS || l1.nonce() >= now + NONCE_FUTURE_MS) {
                return err("Invalid nonce: nonce outside the allowed window " + l1.nonce());
            }
            // Venue wording of the next two refusals not confirmed (docs: 1 unnamed + 3 named agents per account,
            // an expiry at most 180 days ahead).
            if (validUntil != null && (validUntil <= now || validUntil > now + MAX_AGENT_VALIDITY_MS)) {
                return err("Invalid agent valid_until: must be in the future and at most 180 days from now.");
            }
            String finalName = name;
            if (!name.isEmpty() && sim.store().agentsOf(account).stream().filter(a -> !a.name().isEmpty()
                    && !a.name().equals(finalName) && a.liveAt(now)).count() >= MAX_NAMED_AGENTS) {
                return err("Too many named agents: an account may have at most " + MAX_NAMED_AGENTS + ".");
            }
            String refusal = sim.store().useNonce(account, l1.nonce());
            if (refusal != null) {
                return err(refusal);
            }
            sim.store().flush();
            List<String> replaced = sim.store().putAgent(agent, account, name, validUntil, now);
            for (String old : replaced) {
                log.info("event=agent_deregistered account={} agent={} name=\"{}\" replacedBy={}", account, old, name,
                        agent);
            }
        }
        log.info("event=agent_approved account={} agent={} name=\"{}\" validUntil={}", account, agent, name,
                validUntil);
        return ok("default");
    }

    // ------------------------------------------------------------------ parsing

    private sealed interface Parsed {
        record Orders(List<OrderWire> orders, Grouping grouping) implements Parsed {
        }

        record Cancels(List<CancelWire> cancels) implements Parsed {
        }

        record CloidCancels(List<CancelByCloidWire> cancels) implements Parsed {
        }

        record Modifies(List<ModifyWire> modifies) implements Parsed {
        }

        record IsolatedMargin(int asset, boolean isBuy, long ntli) implements Parsed {
        }

        record Leverage(int asset, boolean isCross, int leverage) implements Parsed {
        }

        record ScheduleCancel(Long time) implements Parsed {
        }

        record Noop() implements Parsed {
        }
    }

    private static Parsed parse(String type, JsonNode a) throws BadRequest {
        try {
            switch (type) {
                case "order": {
                    List<OrderWire> orders = new ArrayList<>();
                    for (JsonNode o : array(a, "orders")) {
                        orders.add(OrderWire.fromJson(o));
                    }
                    JsonNode g = a.get("grouping");
                    Grouping grouping = g == null || !g.isTextual() ? Grouping.NA : Grouping.fromWire(g.textValue());
                    return new Parsed.Orders(orders, grouping);
                }
                case "cancel": {
                    List<CancelWire> cancels = new ArrayList<>();
                    for (JsonNode c : array(a, "cancels")) {
                        cancels.add(CancelWire.fromJson(c));
                    }
                    return new Parsed.Cancels(cancels);
                }
                case "cancelByCloid": {
                    List<CancelByCloidWire> cancels = new ArrayList<>();
                    for (JsonNode c : array(a, "cancels")) {
                        cancels.add(CancelByCloidWire.fromJson(c));
                    }
                    return new Parsed.CloidCancels(cancels);
                }
                case "batchModify": {
                    List<ModifyWire> modifies = new ArrayList<>();
                    for (JsonNode m : array(a, "modifies")) {
                        modifies.add(ModifyWire.fromJson(m));
                    }
                    return new Parsed.Modifies(modifies);
                }
                case "modify":
                    return new Parsed.Modifies(List.of(ModifyWire.fromJson(a)));
                case "updateLeverage": {
                    JsonNode asset = a.get("asset");
                    JsonNode cross = a.get("isCross");
                    JsonNode lev = a.get("leverage");
                    if (asset == null || !asset.canConvertToInt() || cross == null || !cross.isBoolean()
                            || lev == null || !lev.canConvertToInt()) {
                        throw new IllegalArgumentException("updateLeverage needs integer asset, bool isCross, "
                                + "integer leverage");
                    }
                    return new Parsed.Leverage(asset.intValue(), cross.booleanValue(), lev.intValue());
                }
                case "updateIsolatedMargin": {
                    JsonNode asset = a.get("asset");
                    JsonNode isBuy = a.get("isBuy");
                    JsonNode ntli = a.get("ntli");
                    if (asset == null || !asset.canConvertToInt() || isBuy == null || !isBuy.isBoolean()
                            || ntli == null || !ntli.isIntegralNumber() || !ntli.canConvertToLong()) {
                        throw new IllegalArgumentException("updateIsolatedMargin needs integer asset, bool isBuy, "
                                + "integer ntli");
                    }
                    return new Parsed.IsolatedMargin(asset.intValue(), isBuy.booleanValue(), ntli.longValue());
                }
                case "scheduleCancel": {
                    JsonNode t = a.get("time");
                    if (t != null && !t.isNull() && !t.canConvertToLong()) {
                        throw new IllegalArgumentException("scheduleCancel time must be an integer");
                    }
                    return new Parsed.ScheduleCancel(t == null || t.isNull() ? null : t.longValue());
                }
                default:
                    return new Parsed.Noop();
            }
        } catch (IllegalArgumentException e) {
            throw BadRequest.deserialize(e.getMessage());
        }
    }

    private static JsonNode array(JsonNode a, String field) {
        JsonNode list = a.get(field);
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("missing field `" + field + "`");
        }
        return list;
    }

    // ------------------------------------------------------------------ order

    private JsonNode order(Signed s, Parsed.Orders p) {
        if (p.orders().isEmpty()) {
            // Docs (Error responses): an empty batch fails pre-validation, one error for the whole payload. The
            // venue's exact words are not confirmed.
            return err("Order list cannot be empty.");
        }
        ArrayNode statuses = F.arrayNode();
        boolean tpslGroup = p.grouping() == Grouping.NORMAL_TPSL && p.orders().size() > 1
                && p.orders().get(0).orderType() instanceof OrderTypeWire.Limit;
        if (!tpslGroup) {
            for (int i = 0; i < p.orders().size(); i++) {
                statuses.add(placeOne(s.account(), p.orders().get(i), clientId(s, i, p.orders().get(i)),
                        p.grouping().wire(), null).status());
            }
            return orderResponse(statuses);
        }
        // normalTpsl: the entry first; its tp/sl wait for it to fill (children are placed by the fill listener).
        OrderWire parentWire = p.orders().get(0);
        String parentClient = clientId(s, 0, parentWire);
        List<HyperliquidStore.PendingChild> children = new ArrayList<>();
        List<JsonNode> childErrors = new ArrayList<>();
        for (int i = 1; i < p.orders().size(); i++) {
            OrderWire child = p.orders().get(i);
            String problem = validate(s.account(), child);
            if (problem != null) {
                childErrors.add(error(problem));
                continue;
            }
            childErrors.add(null);
            children.add(new HyperliquidStore.PendingChild(s.account(), parentClient, i, clientId(s, i, child),
                    Json.write(child.toJson())));
        }
        boolean parentAcceptable = validate(s.account(), parentWire) == null
                && (parentWire.cloid() == null || !cloidTaken(s.account(), parentWire.cloid().toString()));
        Placement parent;
        if (parentAcceptable && !children.isEmpty()) {
            sim.store().addPendingChildren(children);
            parent = placeGroup(s.account(), parentWire, parentClient, children);
        } else {
            parent = placeOne(s.account(), parentWire, parentClient, Grouping.NORMAL_TPSL.wire(), null);
        }
        statuses.add(parent.status());
        for (JsonNode childError : childErrors) {
            if (childError != null) {
                statuses.add(childError);
            } else if (parent.order() == null || parent.order().status() == OrderStatus.REJECTED
                    || parent.order().status() == OrderStatus.CANCELLED) {
                statuses.add(error("Parent order was not placed, so its tp/sl were not either."));
            } else {
                statuses.add(F.textNode(parent.order().status() == OrderStatus.FILLED ? "waitingForTrigger"
                        : "waitingForFill"));
            }
        }
        return orderResponse(statuses);
    }

    /** The core client id of an order: its cloid, or ours when it has none (unique per signer and nonce). */
    private static String clientId(Signed s, int index, OrderWire o) {
        return o.cloid() != null ? o.cloid().toString() : "hl:" + s.signer() + ":" + s.nonce() + ":" + index;
    }

    private record Placement(JsonNode status, Order order) {
    }

    /** Validates, maps and places one order; the answer is its entry of {@code statuses}. */
    private Placement placeOne(String account, OrderWire w, String clientId, String grouping, String parentClient) {
        boolean wholePosition = false;
        if (grouping.equals(Grouping.POSITION_TPSL.wire()) && w.orderType() instanceof OrderTypeWire.Trigger
                && decimal(w.size()) != null && decimal(w.size()).signum() == 0) {
            // positionTpsl with size 0 (what front ends send) covers the whole position: sized to it now, resized
            // with it in the transaction of every fill that changes it, cancelled when it closes (the core's
            // position-sized orders).
            wholePosition = true;
            BigDecimal position = BigDecimal.ZERO;
            HyperliquidSimConfig.Coin coin = sim.markets().byAsset(w.asset());
            if (coin != null) {
                for (pog.venue.Position p : sim.exchange().positions(account)) {
                    if (p.symbol().equals(coin.name())) {
                        position = p.size().abs();
                    }
                }
            }
            if (position.signum() == 0) {
                return new Placement(error("Reduce only order would increase position. asset=" + w.asset()), null);
            }
            w = new OrderWire(w.asset(), w.isBuy(), w.limitPx(), position.stripTrailingZeros().toPlainString(),
                    true, w.orderType(), w.cloid());
        }
        String problem = validate(account, w);
        if (problem == null) {
            problem = openOrderCap(account, w);
        }
        if (problem != null) {
            return new Placement(error(problem), null);
        }
        if (w.cloid() != null && cloidTaken(account, w.cloid().toString())) {
            // Never a second order for one cloid; the first stays findable through orderStatus by cloid.
            return new Placement(error("Duplicate cloid. asset=" + w.asset()), null);
        }
        return place(account, w, clientId, grouping, parentClient, wholePosition);
    }

    /**
     * Docs (Rate limits and user limits): 1000 open orders per account, plus one per 5M USDC of volume, at most
     * 5000; and once an account has 1000 open orders, a new reduce-only or trigger order is refused. An IOC never
     * rests, so it is not counted against the cap. The wording of the refusal is not confirmed from the venue.
     */
    private String openOrderCap(String account, OrderWire w) {
        boolean ioc = w.orderType() instanceof OrderTypeWire.Limit l
                && (l.tif() == pog.hyperliquid.wire.Tif.IOC || l.tif() == pog.hyperliquid.wire.Tif.FRONTEND_MARKET);
        if (ioc) {
            return null;
        }
        int open = sim.exchange().openOrderCount(account);
        if (open < BASE_OPEN_ORDERS) {
            return null;
        }
        if (w.reduceOnly() || w.orderType() instanceof OrderTypeWire.Trigger) {
            return "Too many open orders: reduce-only and trigger orders are refused at " + BASE_OPEN_ORDERS
                    + " or more open orders. asset=" + w.asset();
        }
        int cap = openOrderCap(sim.volume(account));
        return open >= cap ? "Too many open orders: the limit is " + cap + " for this account's volume. asset="
                + w.asset() : null;
    }

    static final int BASE_OPEN_ORDERS = 1000;
    static final int MAX_OPEN_ORDERS = 5000;
    private static final BigDecimal VOLUME_PER_EXTRA_ORDER = new BigDecimal("5000000");

    /** The open-order cap at this traded volume (USDC): 1000 + 1 per 5M, at most 5000. */
    static int openOrderCap(BigDecimal volume) {
        BigDecimal extra = volume.divideToIntegralValue(VOLUME_PER_EXTRA_ORDER);
        return (int) Math.min(MAX_OPEN_ORDERS, BASE_OPEN_ORDERS + extra.min(BigDecimal.valueOf(MAX_OPEN_ORDERS))
                .longValue());
    }

    private boolean cloidTaken(String account, String cloid) {
        return sim.exchange().order(account, sim.store().clientIdOfCloid(account, cloid)).isPresent();
    }

    /** Hyperliquid's refusal of an order on its own terms (asset, price, size, minimum value), or null. */
    private String validate(String account, OrderWire w) {
        HyperliquidSimConfig.Coin coin = sim.markets().byAsset(w.asset());
        if (coin == null) {
            return "Order has invalid asset. asset=" + w.asset();
        }
        BigDecimal px = decimal(w.limitPx());
        BigDecimal sz = decimal(w.size());
        if (sz == null || sz.signum() < 0 || !Markets.validSize(sz.signum() == 0 ? BigDecimal.ONE : sz, coin)) {
            return "Order has invalid size. asset=" + w.asset();
        }
        if (sz.signum() == 0) {
            return "Order has zero size. asset=" + w.asset();
        }
        if (px == null || px.signum() <= 0) {
            return "Order has invalid price. asset=" + w.asset();
        }
        // Docs (Tick and lot size) and observed venue answers: more than 5 significant figures (integers always
        // pass) is the tick error; more than 6 - szDecimals decimals is "invalid price".
        if (px.stripTrailingZeros().scale() > pog.hyperliquid.wire.WireFormat.PERP_MAX_DECIMALS - coin.szDecimals()) {
            return "Order has invalid price. asset=" + w.asset();
        }
        if (!Markets.validPrice(px, coin)) {
            return "Price must be divisible by tick size. asset=" + w.asset();
        }
        BigDecimal reference = sim.exchange().marks().get(coin.name());
        if (!(w.orderType() instanceof OrderTypeWire.Trigger) && reference != null && px.subtract(reference).abs()
                .compareTo(reference.multiply(PRICE_BAND)) > 0) {
            // observed venue text (no asset suffix in the answers seen)
            return "Order price cannot be more than 80% away from the reference price";
        }
        if (w.orderType() instanceof OrderTypeWire.Trigger t) {
            BigDecimal trigger = decimal(t.triggerPx());
            if (trigger == null || !Markets.validPrice(trigger, coin)) {
                return "Invalid TP/SL price. asset=" + w.asset();
            }
        }
        if (!w.reduceOnly() && px.multiply(sz).compareTo(sim.config().minOrderValue()) < 0) {
            return "Order must have minimum value of $" + sim.config().minOrderValue().stripTrailingZeros()
                    .toPlainString() + ". asset=" + w.asset();
        }
        return null;
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    private record Mapped(OrderRequest request, HyperliquidStore.OrderMeta meta) {
    }

    /** A validated wire order as the core's request, with what only Hyperliquid remembers about it. */
    private Mapped map(OrderWire w, String clientId, String grouping, String parentClient) {
        HyperliquidSimConfig.Coin coin = sim.markets().byAsset(w.asset());
        BigDecimal px = new BigDecimal(w.limitPx()).stripTrailingZeros();
        BigDecimal sz = new BigDecimal(w.size()).stripTrailingZeros();
        Side side = w.isBuy() ? Side.BUY : Side.SELL;
        if (w.orderType() instanceof OrderTypeWire.Limit l) {
            OrderType type = switch (l.tif()) {
                case IOC, FRONTEND_MARKET -> OrderType.LIMIT_IOC;
                case ALO -> OrderType.LIMIT_POST_ONLY;
                default -> OrderType.LIMIT_GTC;
            };
            // A plain limit order's tif is its core type: nothing to record (the common case stays one commit).
            return new Mapped(new OrderRequest(clientId, coin.name(), side, type, sz, px, null, w.reduceOnly()),
                    grouping.equals("na") && parentClient == null ? null
                            : new HyperliquidStore.OrderMeta(l.tif().wire(), null, null, grouping, parentClient, null));
        }
        OrderTypeWire.Trigger t = (OrderTypeWire.Trigger) w.orderType();
        // Docs (Order types): triggers watch the mark price. tpsl "sl" fires when the mark moves against the side's
        // position (a sell at or below triggerPx, a buy at or above), "tp" when it moves for it (a sell at or above,
        // a buy at or below); the same rule for entries (r false): a buy "sl" is a breakout buy. isMarket true
        // executes at market when it fires (the core walks the book without a limit: `p` is only shown, the
        // venue's own 10% slippage bound is not modelled); isMarket false becomes a limit at `p` and rests.
        OrderType type = t.tpsl() == Tpsl.SL ? OrderType.STOP_MARKET : OrderType.TAKE_PROFIT_MARKET;
        return new Mapped(new OrderRequest(clientId, coin.name(), side, type, sz, t.isMarket() ? null : px,
                new BigDecimal(t.triggerPx()).stripTrailingZeros(), w.reduceOnly()),
                new HyperliquidStore.OrderMeta(null, t.isMarket(), t.tpsl().wire(), grouping, parentClient, null));
    }

    private Placement place(String account, OrderWire w, String clientId, String grouping, String parentClient,
                            boolean wholePosition) {
        Mapped m = map(w, clientId, grouping, parentClient);
        long floor = sim.fillFloor(account);
        if (m.meta() != null) {
            sim.store().putMeta(account, clientId, m.meta());
        }
        Order o = wholePosition ? sim.exchange().placePositionSized(account, m.request())
                : sim.exchange().place(account, m.request());
        logOrder(account, clientId, o);
        return new Placement(statusOf(account, o, w.asset(), floor), o);
    }

    /**
     * A normalTpsl entry and its tp/sl in one core transaction: the children wait attached to the entry and go on
     * the book in its fill's own transaction, sized to what it filled. (The pending-children rows stay for
     * frontendOpenOrders' {@code children}; the fill listener then finds them placed already.)
     */
    private Placement placeGroup(String account, OrderWire parentWire, String parentClient,
                                 List<HyperliquidStore.PendingChild> children) {
        Mapped parent = map(parentWire, parentClient, Grouping.NORMAL_TPSL.wire(), null);
        List<OrderRequest> attached = new ArrayList<>();
        for (HyperliquidStore.PendingChild child : children) {
            Mapped m = map(OrderWire.fromJson(parseJson(child.orderJson())), child.clientId(),
                    Grouping.NORMAL_TPSL.wire(), parentClient);
            sim.store().putMeta(account, child.clientId(), m.meta());
            attached.add(m.request());
        }
        long floor = sim.fillFloor(account);
        sim.store().putMeta(account, parentClient, parent.meta());
        Order o = sim.exchange().placeWithChildren(account, parent.request(), attached).parent();
        logOrder(account, parentClient, o);
        return new Placement(statusOf(account, o, parentWire.asset(), floor), o);
    }

    private void logOrder(String account, String clientId, Order o) {
        log.info("event=hl_order account={} oid={} cloid={} coin={} side={} type={} sz={} px={} status={}", account,
                o.orderId(), Shapes.cloidOf(clientId), o.symbol(), Shapes.side(o.side()), o.type(),
                o.size().toPlainString(), o.limitPrice() == null ? "-" : o.limitPrice().toPlainString(), o.status());
    }

    private JsonNode statusOf(String account, Order o, int asset, long cursorBefore) {
        String reason = o.rejectReason() == null ? "" : o.rejectReason();
        // An IOC (or market order) the book filled in part: the venue answers `filled` with what filled (totalSz
        // below the order's size) and silently cancels the rest. A GTC partly filled and resting answers `resting`
        // (not confirmed against the venue: the SDKs' schemas allow both, their examples show neither case).
        OrderStatus status = o.status() == OrderStatus.CANCELLED && o.filledSize().signum() > 0 ? OrderStatus.FILLED
                : o.status();
        switch (status) {
            case OPEN, TRIGGERED: {
                ObjectNode resting = F.objectNode();
                ObjectNode r = resting.putObject("resting");
                r.put("oid", Shapes.oid(o));
                putCloid(r, o);
                return resting;
            }
            case FILLED: {
                BigDecimal qty = BigDecimal.ZERO;
                BigDecimal notional = BigDecimal.ZERO;
                for (Fill f : sim.exchange().fillsSince(account, cursorBefore)) {
                    if (f.orderId().equals(o.orderId())) {
                        qty = qty.add(f.size());
                        notional = notional.add(f.size().multiply(f.price()));
                    }
                }
                ObjectNode filled = F.objectNode();
                ObjectNode fl = filled.putObject("filled");
                fl.put("totalSz", HlNum.str(o.filledSize()));
                fl.put("avgPx", qty.signum() == 0 ? "0.0"
                        : HlNum.str(notional.divide(qty, 8, RoundingMode.HALF_EVEN)));
                fl.put("oid", Shapes.oid(o));
                putCloid(fl, o);
                return filled;
            }
            default:
                return error(errorText(o, reason, asset));
        }
    }

    private String errorText(Order o, String reason, int asset) {
        String suffix = " asset=" + asset;
        if (reason.startsWith("limit not reached")) {
            return "Order could not immediately match against any resting orders." + suffix;
        }
        if (reason.contains("margin")) {
            return "Insufficient margin to place order." + suffix;
        }
        if (reason.startsWith("reduce-only") || reason.startsWith("no position")) {
            return "Reduce only order would increase position." + suffix;
        }
        if (reason.startsWith("post-only")) {
            HyperliquidSimConfig.Coin coin = sim.markets().byName(o.symbol());
            BigDecimal[] bbo = Markets.bbo(sim.exchange().marks().get(o.symbol()), coin);
            return "Post only order would have immediately matched, bbo was " + bbo[0].toPlainString() + "@"
                    + bbo[1].toPlainString() + "." + suffix;
        }
        if (reason.contains("tick size")) {
            return "Order has invalid price." + suffix;
        }
        if (reason.contains("lot size")) {
            return "Order has invalid size." + suffix;
        }
        return reason + "." + suffix;
    }

    private static void putCloid(ObjectNode n, Order o) {
        String cloid = Shapes.cloidOf(o.clientId());
        if (cloid != null) {
            n.put("cloid", cloid);
        }
    }

    /** Places a normalTpsl child once its parent filled (called by the simulator's fill listener). */
    Order placeChild(String account, HyperliquidStore.PendingChild child) {
        OrderWire w = OrderWire.fromJson(parseJson(child.orderJson()));
        Placement p = place(account, w, child.clientId(), Grouping.NORMAL_TPSL.wire(), child.parentClient(), false);
        return p.order();
    }

    private static JsonNode parseJson(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored tp/sl child is not JSON: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ cancels

    private JsonNode cancel(Signed s, Parsed.Cancels p) {
        ArrayNode statuses = F.arrayNode();
        for (CancelWire c : p.cancels()) {
            Optional<Order> o = sim.exchange().orderById(s.account(), Long.toString(c.oid()));
            statuses.add(cancelOne(s.account(), o, c.asset()));
        }
        return cancelResponse(statuses);
    }

    private JsonNode cancelByCloid(Signed s, Parsed.CloidCancels p) {
        ArrayNode statuses = F.arrayNode();
        for (CancelByCloidWire c : p.cancels()) {
            String clientId = sim.store().clientIdOfCloid(s.account(), c.cloid().toString());
            statuses.add(cancelOne(s.account(), sim.exchange().order(s.account(), clientId), c.asset()));
        }
        return cancelResponse(statuses);
    }

    private JsonNode cancelOne(String account, Optional<Order> order, int asset) {
        HyperliquidSimConfig.Coin coin = sim.markets().byAsset(asset);
        if (order.isEmpty() || coin == null || !order.get().symbol().equals(coin.name())
                || !order.get().isOpen() || !sim.exchange().cancelOrder(account, order.get().orderId())) {
            return error(NOT_OPEN + " asset=" + asset);
        }
        // Children waiting for a cancelled parent go with it.
        sim.store().takePendingChildren(account, order.get().clientId());
        log.info("event=hl_cancel account={} oid={}", account, order.get().orderId());
        return F.textNode("success");
    }

    // ------------------------------------------------------------------ modify

    private JsonNode batchModify(Signed s, Parsed.Modifies p, boolean batch) {
        ArrayNode statuses = F.arrayNode();
        for (int i = 0; i < p.modifies().size(); i++) {
            ModifyWire m = p.modifies().get(i);
            Optional<Order> existing = m.oid() != null
                    ? sim.exchange().orderById(s.account(), Long.toString(m.oid()))
                    : sim.exchange().order(s.account(), sim.store().clientIdOfCloid(s.account(), m.cloid().toString()));
            if (existing.isEmpty() || !existing.get().isOpen()) {
                statuses.add(error("Cannot modify canceled or filled order"));
                continue;
            }
            String problem = validate(s.account(), m.order());
            if (problem != null) {
                statuses.add(error(problem));
                continue;
            }
            Order old = existing.get();
            String oldCloid = Shapes.cloidOf(old.clientId());
            String newCloid = m.order().cloid() == null ? null : m.order().cloid().toString();
            if (newCloid != null && !newCloid.equals(oldCloid) && cloidTaken(s.account(), newCloid)) {
                statuses.add(error("Duplicate cloid. asset=" + m.order().asset()));
                continue;
            }
            sim.exchange().cancelOrder(s.account(), old.orderId());
            // The replacement is a new core order; a cloid it keeps is re-pointed at it.
            String clientId = newCloid == null ? clientId(s, i, m.order()) + ":m"
                    : newCloid.equals(oldCloid) ? newCloid + "#" + s.nonce() + ":" + i : newCloid;
            Placement placed = place(s.account(), m.order(), clientId, "na", null, false);
            if (newCloid != null) {
                sim.store().aliasCloid(s.account(), newCloid, clientId);
            }
            log.info("event=hl_modify account={} oldOid={} newOid={}", s.account(), old.orderId(),
                    placed.order() == null ? "-" : placed.order().orderId());
            statuses.add(placed.status());
        }
        if (!batch) {
            JsonNode only = statuses.get(0);
            return only.has("error") ? err(only.get("error").asText()) : ok("default");
        }
        return orderResponse(statuses);
    }

    // ------------------------------------------------------------------ leverage, scheduled cancel

    private JsonNode updateLeverage(Signed s, Parsed.Leverage p) {
        HyperliquidSimConfig.Coin coin = sim.markets().byAsset(p.asset());
        if (coin == null) {
            return err("Invalid asset " + p.asset() + ".");
        }
        if (p.leverage() < 1 || p.leverage() > coin.maxLeverage()) {
            return err("Invalid leverage value");
        }
        try {
            sim.exchange().setMarginMode(s.account(), coin.name(), !p.isCross(), p.leverage());
        } catch (VenueException e) {
            if (e.getMessage() != null && e.getMessage().contains("cannot switch")) {
                // The venue refuses a change of margin mode under an open position; its exact words are not
                // confirmed (this is the text reported by users of the UI).
                return err("Cannot switch leverage type with open position.");
            }
            return err("Insufficient margin to update leverage.");
        }
        log.info("event=hl_leverage account={} coin={} leverage={} isCross={}", s.account(), coin.name(), p.leverage(),
                p.isCross());
        return ok("default");
    }

    /**
     * {@code updateIsolatedMargin}: {@code ntli} is USDC x 1e6, positive to add to the isolated position's
     * allocation, negative to remove. {@code isBuy} names the position's side (the venue uses it for hedged modes;
     * one-way here, so it is not checked). Refusal texts are the simulator's own: the venue's are not confirmed.
     */
    private JsonNode updateIsolatedMargin(Signed s, Parsed.IsolatedMargin p) {
        HyperliquidSimConfig.Coin coin = sim.markets().byAsset(p.asset());
        if (coin == null) {
            return err("Invalid asset " + p.asset() + ".");
        }
        BigDecimal delta = BigDecimal.valueOf(p.ntli(), 6);
        if (sim.exchange().isolatedMargin(s.account(), coin.name()) == null) {
            return err("Cannot update margin for a cross position.");
        }
        try {
            BigDecimal margin = sim.exchange().adjustIsolatedMargin(s.account(), coin.name(), delta);
            log.info("event=hl_isolated_margin account={} coin={} delta={} margin={}", s.account(), coin.name(),
                    delta.toPlainString(), margin.toPlainString());
        } catch (VenueException e) {
            return err(e.getMessage().startsWith("no isolated position") ? "No position to update margin for."
                    : "Insufficient margin to update isolated margin.");
        }
        return ok("default");
    }

    private JsonNode scheduleCancel(Signed s, Parsed.ScheduleCancel p) {
        long now = sim.clock().millis();
        long day = Math.floorDiv(now, 86_400_000L);
        HyperliquidStore.Schedule current = sim.store().schedule(s.account());
        int firedToday = current != null && current.day() == day ? current.fired() : 0;
        BigDecimal traded = sim.volume(s.account());
        BigDecimal required = sim.config().scheduleCancelMinVolume();
        if (traded.compareTo(required) < 0) {
            // venue text as recorded by the TS SDK's real-testnet test and public logs; refused for set and clear
            return err("Cannot set scheduled cancel time until enough volume traded. Required: $"
                    + required.stripTrailingZeros().toPlainString() + ". Traded: $"
                    + traded.setScale(2, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + ".");
        }
        if (p.time() == null) {
            sim.store().putSchedule(s.account(), new HyperliquidStore.Schedule(null, day, firedToday));
            log.info("event=scheduled_cancel_cleared account={}", s.account());
            return ok("default");
        }
        if (p.time() < now + SCHEDULE_MIN_LEAD_MS) {
            return err("Scheduled cancel time too early, must be at least 5 seconds from now.");
        }
        if (firedToday >= SCHEDULE_MAX_PER_DAY) {
            return err("Too many scheduled cancels triggered today, limit is 10 per day.");
        }
        sim.store().putSchedule(s.account(), new HyperliquidStore.Schedule(p.time(), day, firedToday));
        log.info("event=scheduled_cancel_set account={} at={}", s.account(), p.time());
        return ok("default");
    }

    // ------------------------------------------------------------------ shapes

    static ObjectNode err(String message) {
        ObjectNode n = F.objectNode();
        n.put("status", "err");
        n.put("response", message);
        return n;
    }

    static ObjectNode ok(String type) {
        ObjectNode n = F.objectNode();
        n.put("status", "ok");
        n.putObject("response").put("type", type);
        return n;
    }

    private static ObjectNode error(String message) {
        ObjectNode n = F.objectNode();
        n.put("error", message);
        return n;
    }

    private static ObjectNode orderResponse(ArrayNode statuses) {
        ObjectNode n = F.objectNode();
        n.put("status", "ok");
        ObjectNode response = n.putObject("response");
        response.put("type", "order");
        response.putObject("data").set("statuses", statuses);
        return n;
    }

    private static ObjectNode cancelResponse(ArrayNode statuses) {
        ObjectNode n = F.objectNode();
        n.put("status", "ok");
        ObjectNode response = n.putObject("response");
        response.put("type", "cancel");
        response.putObject("data").set("statuses", statuses);
        return n;
    }
}
