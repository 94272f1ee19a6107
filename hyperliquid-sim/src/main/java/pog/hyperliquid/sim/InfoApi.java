package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.venue.Account;
import pog.venue.Order;
import pog.venue.Position;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /info}: Hyperliquid's queries, answered from the simulation core in the venue's shapes. */
final class InfoApi {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_FILLS = 2000;
    /** Only the 10,000 most recent fills of an account can be paged through with userFillsByTime. */
    private static final int MAX_FILLS_KEPT = 10_000;
    private static final Map<String, Long> INTERVALS = Map.ofEntries(Map.entry("1m", 60_000L),
            Map.entry("3m", 180_000L), Map.entry("5m", 300_000L), Map.entry("15m", 900_000L),
            Map.entry("30m", 1_800_000L), Map.entry("1h", 3_600_000L), Map.entry("2h", 7_200_000L),
            Map.entry("4h", 14_400_000L), Map.entry("8h", 28_800_000L), Map.entry("12h", 43_200_000L),
            Map.entry("1d", 86_400_000L), Map.entry("3d", 259_200_000L), Map.entry("1w", 604_800_000L),
            Map.entry("1M", 2_592_000_000L));

    private final HyperliquidSimulator sim;

    InfoApi(HyperliquidSimulator sim) {
        this.sim = sim;
    }

    JsonNode handle(JsonNode req) throws BadRequest {
        if (!req.isObject() || !req.path("type").isTextual()) {
            throw BadRequest.deserialize("missing field `type`");
        }
        String type = req.get("type").textValue();
        return switch (type) {
            case "meta" -> meta();
            case "spotMeta" -> spotMeta();
            // prediction-market metadata: the simulator lists none (the SDKs' SymbolConverter asks for it)
            case "outcomeMeta" -> F.objectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("outcomes",
                    F.arrayNode()).set("questions", F.arrayNode());
            case "metaAndAssetCtxs" -> metaAndAssetCtxs();
            case "perpDexs" -> F.arrayNode().add(NullNode.getInstance());
            case "allMids" -> allMids();
            case "clearinghouseState" -> clearinghouseState(user(req));
            case "openOrders" -> openOrders(user(req));
            case "frontendOpenOrders" -> frontendOpenOrders(user(req));
            case "userFills" -> userFills(user(req), Long.MIN_VALUE, Long.MAX_VALUE);
            case "userFillsByTime" -> userFillsByTime(user(req), longField(req, "startTime", true),
                    req.hasNonNull("endTime") ? longField(req, "endTime", true) : Long.MAX_VALUE);
            case "orderStatus" -> orderStatus(user(req), req.get("oid"));
            case "l2Book" -> l2Book(textField(req, "coin"), bookSigFigs(req), bookMantissa(req));
            case "candleSnapshot" -> candleSnapshot(req.get("req"));
            case "historicalOrders" -> historicalOrders(user(req));
            case "userRole" -> userRole(user(req));
            case "extraAgents" -> extraAgents(user(req));
            case "userRateLimit" -> userRateLimit(user(req));
            case "userFees" -> userFees(user(req));
            case "activeAssetData" -> activeAssetData(user(req), textField(req, "coin"));
            case "spotClearinghouseState" -> spotClearinghouseState(user(req));
            case "userFunding" -> userFunding(user(req), longField(req, "startTime", true),
                    req.hasNonNull("endTime") ? longField(req, "endTime", true) : Long.MAX_VALUE);
            case "userNonFundingLedgerUpdates" -> {
                user(req);
                longField(req, "startTime", true);
                yield F.arrayNode(); // deposits are not kept as ledger entries yet: the venue's empty list
            }
            case "fundingHistory" -> fundingHistory(textField(req, "coin"), longField(req, "startTime", true),
                    req.hasNonNull("endTime") ? longField(req, "endTime", true) : Long.MAX_VALUE);
            case "predictedFundings" -> predictedFundings();
            case "exchangeStatus" -> exchangeStatus();
            case "maxBuilderFee" -> {
                user(req);
                textField(req, "builder");
                yield F.numberNode(0); // no builder is approved: no builder codes are simulated
            }
            case "subAccounts" -> {
                user(req);
                yield NullNode.getInstance(); // none are simulated; the venue answers null for an account without
            }
            case "portfolio" -> portfolio(user(req));
            case "recentTrades" -> {
                textField(req, "coin");
                yield F.arrayNode(); // UI data; the simulator keeps no public tape (documented)
            }
            case "spotMetaAndAssetCtxs" -> F.arrayNode().add(spotMeta()).add(F.arrayNode());
            case "twapHistory", "userTwapSliceFills", "userVaultEquities", "delegations", "delegatorHistory",
                 "delegatorRewards" -> {
                user(req);
                yield F.arrayNode(); // features not simulated: an account that never used them
            }
            default -> throw BadRequest.deserialize("unknown variant `" + type + "`");
        };
    }

    private String user(JsonNode req) throws BadRequest {
        String user = textField(req, "user");
        if (!user.matches("0x[0-9a-fA-F]{40}")) {
            throw BadRequest.deserialize("invalid address `" + user + "` at field `user`");
        }
        return user.toLowerCase();
    }

    private static String textField(JsonNode req, String name) throws BadRequest {
        JsonNode v = req.get(name);
        if (v == null || !v.isTextual()) {
            throw BadRequest.deserialize("missing field `" + name + "`");
        }
        return v.textValue();
    }

    private static long longField(JsonNode req, String name, boolean required) throws BadRequest {
        JsonNode v = req == null ? null : req.get(name);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw BadRequest.deserialize("missing field `" + name + "`");
        }
        return v.longValue();
    }

    // ------------------------------------------------------------------ market data

    ObjectNode meta() {
        ObjectNode meta = F.objectNode();
        ArrayNode universe = meta.putArray("universe");
        ArrayNode tables = meta.putArray("marginTables");
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (HyperliquidSimConfig.Coin c : sim.markets().coins()) {
            ObjectNode u = universe.addObject();
            u.put("szDecimals", c.szDecimals());
            u.put("name", c.name());
            u.put("maxLeverage", c.maxLeverage());
            u.put("marginTableId", c.maxLeverage());
            seen.add(c.maxLeverage());
        }
        for (int lev : seen) {
            ArrayNode entry = tables.addArray();
            entry.add(lev);
            ObjectNode table = entry.addObject();
            table.put("description", "");
            ObjectNode tier = table.putArray("marginTiers").addObject();
            tier.put("lowerBound", "0.0");
            tier.put("maxLeverage", lev);
        }
        meta.put("collateralToken", 0);
        return meta;
    }

    private static ObjectNode spotMeta() {
        ObjectNode spot = F.objectNode();
        spot.putArray("universe");
        spot.putArray("tokens");
        return spot;
    }

    private ArrayNode metaAndAssetCtxs() {
        ArrayNode result = F.arrayNode();
        result.add(meta());
        ArrayNode ctxs = result.addArray();
        Map<String, BigDecimal> marks = sim.exchange().marks();
        for (HyperliquidSimConfig.Coin c : sim.markets().coins()) {
            ctxs.add(assetCtx(c, marks.get(c.name())));
        }
        return result;
    }

    /** One perp's context (metaAndAssetCtxs, the activeAssetCtx feed); no funding or open interest is simulated. */
    ObjectNode assetCtx(HyperliquidSimConfig.Coin c, BigDecimal mark) {
        BigDecimal[] bbo = Markets.bbo(mark, c);
        ObjectNode ctx = F.objectNode();
        ctx.put("funding", HlNum.str(HyperliquidSimulator.FUNDING_RATE));
        ctx.put("openInterest", "0.0");
        ctx.put("prevDayPx", HlNum.str(mark));
        ctx.put("dayNtlVlm", "0.0");
        ctx.put("premium", "0.0");
        ctx.put("oraclePx", HlNum.str(mark));
        ctx.put("markPx", HlNum.str(mark));
        ctx.put("midPx", HlNum.str(mark));
        ctx.putArray("impactPxs").add(HlNum.str(bbo[0])).add(HlNum.str(bbo[1]));
        ctx.put("dayBaseVlm", "0.0");
        return ctx;
    }

    /** The interval of a candle subscription or snapshot, in milliseconds, or null if the venue has none such. */
    static Long intervalMillis(String interval) {
        return INTERVALS.get(interval);
    }

    /** The candle of {@code interval} that contains {@code time}, from the recorded one-minute marks, or null. */
    ObjectNode candleAt(String coin, String interval, long time) {
        long step = INTERVALS.get(interval);
        long t = time - Math.floorMod(time, step);
        ObjectNode current = null;
        for (HyperliquidStore.Candle c : sim.store().candles(coin, t, t + step - 1)) {
            if (current == null) {
                current = openCandle(F.objectNode(), t, step, coin, interval, c);
            } else {
                foldIntoCandle(current, c);
            }
        }
        return current;
    }

    /** A candle of {@code step} ms starting at {@code t}, opened by its first recorded minute {@code c}. */
    private static ObjectNode openCandle(ObjectNode candle, long t, long step, String coin, String interval,
                                         HyperliquidStore.Candle c) {
        candle.put("t", t);
        candle.put("T", t + step - 1);
        candle.put("s", coin);
        candle.put("i", interval);
        candle.put("o", HlNum.str(c.o()));
        candle.put("c", HlNum.str(c.c()));
        candle.put("h", HlNum.str(c.h()));
        candle.put("l", HlNum.str(c.l()));
        candle.put("v", "0.0");
        candle.put("n", c.n());
        return candle;
    }

    /** The next recorded minute of an open candle: the close moves, the high and low widen, the counts add. */
    private static void foldIntoCandle(ObjectNode candle, HyperliquidStore.Candle c) {
        candle.put("c", HlNum.str(c.c()));
        candle.put("h", HlNum.str(c.h().max(new BigDecimal(candle.get("h").asText()))));
        candle.put("l", HlNum.str(c.l().min(new BigDecimal(candle.get("l").asText()))));
        candle.put("n", candle.get("n").asInt() + c.n());
    }

    ObjectNode allMids() {
        ObjectNode mids = F.objectNode();
        for (Map.Entry<String, BigDecimal> e : sim.exchange().marks().entrySet()) {
            mids.put(e.getKey(), HlNum.str(e.getValue()));
        }
        return mids;
    }

    /** The simulator's book ({@link SyntheticBook}) as the venue shows it: the same levels takers walk. */
    JsonNode l2Book(String coinName) {
        HyperliquidSimConfig.Coin coin = sim.markets().byName(coinName);
        if (coin == null) {
            return NullNode.getInstance();
        }
        BigDecimal mark = sim.exchange().marks().get(coin.name());
        ObjectNode book = F.objectNode();
        book.put("coin", coin.name());
        book.put("time", sim.clock().millis());
        ArrayNode levels = book.putArray("levels");
        addLevels(levels.addArray(), SyntheticBook.bids(coin, mark));
        addLevels(levels.addArray(), SyntheticBook.asks(coin, mark));
        return book;
    }

    private static void addLevels(ArrayNode side, List<pog.sim.Liquidity.Level> levels) {
        for (int i = 0; i < levels.size(); i++) {
            ObjectNode level = side.addObject();
            level.put("px", HlNum.str(levels.get(i).price()));
            level.put("sz", HlNum.str(levels.get(i).size()));
            level.put("n", SyntheticBook.orderCount(i));
        }
    }

    static Integer bookSigFigs(JsonNode req) throws BadRequest {
        JsonNode n = req.get("nSigFigs");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isInt() || n.intValue() < 2 || n.intValue() > 5) {
            throw BadRequest.deserialize("nSigFigs must be 2, 3, 4, 5 or null");
        }
        return n.intValue();
    }

    static Integer bookMantissa(JsonNode req) throws BadRequest {
        JsonNode m = req.get("mantissa");
        if (m == null || m.isNull()) {
            return null;
        }
        Integer sigFigs = bookSigFigs(req);
        if (!m.isInt() || (m.intValue() != 1 && m.intValue() != 2 && m.intValue() != 5) || sigFigs == null
                || sigFigs != 5) {
            throw BadRequest.deserialize("mantissa must be 1, 2 or 5, and only with nSigFigs 5");
        }
        return m.intValue();
    }

    /**
     * The book aggregated as the venue does for {@code nSigFigs} (and {@code mantissa}): each level's price rounded
     * to that many significant figures (times the mantissa at the last one), bids down and asks up, sizes and order
     * counts summed, at most 20 levels a side.
     */
    JsonNode l2Book(String coinName, Integer nSigFigs, Integer mantissa) {
        JsonNode book = l2Book(coinName);
        if (nSigFigs == null || book.isNull()) {
            return book;
        }
        HyperliquidSimConfig.Coin coin = sim.markets().byName(coinName);
        ObjectNode result = F.objectNode();
        result.put("coin", book.get("coin").asText());
        result.put("time", book.get("time").asLong());
        ArrayNode levels = result.putArray("levels");
        for (int side = 0; side < 2; side++) {
            RoundingMode rounding = side == 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
            java.util.LinkedHashMap<BigDecimal, BigDecimal[]> buckets = new java.util.LinkedHashMap<>();
            for (JsonNode level : book.get("levels").get(side)) {
                BigDecimal px = new BigDecimal(level.get("px").asText());
                int exponent = px.precision() - px.scale() - 1;
                BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(exponent - nSigFigs + 1)
                        .multiply(BigDecimal.valueOf(mantissa == null ? 1 : mantissa));
                BigDecimal bucket = px.divide(step, 0, rounding).multiply(step).stripTrailingZeros();
                BigDecimal[] acc = buckets.computeIfAbsent(bucket, b -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                acc[0] = acc[0].add(new BigDecimal(level.get("sz").asText()));
                acc[1] = acc[1].add(BigDecimal.valueOf(level.get("n").asLong()));
            }
            ArrayNode out = levels.addArray();
            for (var e : buckets.entrySet()) {
                if (out.size() >= SyntheticBook.LEVELS) {
                    break;
                }
                ObjectNode level = out.addObject();
                level.put("px", HlNum.str(e.getKey()));
                level.put("sz", HlNum.str(e.getValue()[0].setScale(coin.szDecimals(), RoundingMode.DOWN)));
                level.put("n", e.getValue()[1].intValue());
            }
        }
        return result;
    }

    private ArrayNode candleSnapshot(JsonNode req) throws BadRequest {
        if (req == null || !req.isObject()) {
            throw BadRequest.deserialize("missing field `req`");
        }
        String coin = textField(req, "coin");
        String interval = textField(req, "interval");
        Long step = INTERVALS.get(interval);
        if (step == null) {
            throw BadRequest.deserialize("unknown variant `" + interval + "`");
        }
        long start = longField(req, "startTime", true);
        long end = req.hasNonNull("endTime") ? longField(req, "endTime", true) : sim.clock().millis();
        ArrayNode result = F.arrayNode();
        ObjectNode current = null;
        long currentT = Long.MIN_VALUE;
        for (HyperliquidStore.Candle c : sim.store().candles(coin, start - step, end)) {
            long t = c.t() - Math.floorMod(c.t(), step);
            if (t + step <= start || t > end) {
                continue;
            }
            if (current == null || t != currentT) {
                current = openCandle(result.addObject(), t, step, coin, interval, c);
                currentT = t;
            } else {
                foldIntoCandle(current, c);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ account

    ObjectNode clearinghouseState(String user) {
        // An address that is no account is all zeros, as on the venue; asking creates nothing.
        boolean known = sim.knownForInfo(user);
        Account account = known ? sim.exchange().account(user)
                : new Account(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, sim.clock().millis());
        List<Position> positions = known ? new ArrayList<>(sim.exchange().positions(user)) : new ArrayList<>();
        positions.sort(Comparator.comparingInt(p -> sim.markets().asset(p.symbol())));
        BigDecimal ntl = BigDecimal.ZERO;
        BigDecimal signedNtl = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        // the isolated positions' part, to take out of the cross summary
        BigDecimal isoEquity = BigDecimal.ZERO;
        BigDecimal isoAllocated = BigDecimal.ZERO;
        BigDecimal isoNtl = BigDecimal.ZERO;
        BigDecimal isoSignedNtl = BigDecimal.ZERO;
        ArrayNode assetPositions = F.arrayNode();
        Map<String, BigDecimal> received = known && !positions.isEmpty() ? sim.fundingReceived(user) : Map.of();
        for (Position p : positions) {
            HyperliquidSimConfig.Coin coin = sim.markets().byName(p.symbol());
            int leverage = sim.exchange().leverage(user, p.symbol());
            BigDecimal value = p.size().abs().multiply(p.markPrice());
            BigDecimal allocation = sim.exchange().isolatedMargin(user, p.symbol());
            ntl = ntl.add(value);
            signedNtl = signedNtl.add(p.size().multiply(p.markPrice()));
            BigDecimal marginUsed;
            if (allocation == null) {
                maintenance = maintenance.add(value.multiply(sim.config().maintenanceFraction())
                        .divide(BigDecimal.valueOf(coin.maxLeverage()), 8, RoundingMode.HALF_EVEN));
                marginUsed = value.divide(BigDecimal.valueOf(leverage), 8, RoundingMode.HALF_EVEN);
            } else {
                // an isolated position's margin is its own equity: allocation + unrealized PnL
                marginUsed = allocation.add(p.unrealizedPnl());
                isoEquity = isoEquity.add(marginUsed);
                isoAllocated = isoAllocated.add(allocation);
                isoNtl = isoNtl.add(value);
                isoSignedNtl = isoSignedNtl.add(p.size().multiply(p.markPrice()));
            }
            BigDecimal initial = p.size().abs().multiply(p.entryPrice())
                    .divide(BigDecimal.valueOf(leverage), 8, RoundingMode.HALF_EVEN);
            ObjectNode ap = assetPositions.addObject();
            ap.put("type", "oneWay");
            ObjectNode pos = ap.putObject("position");
            pos.put("coin", p.symbol());
            pos.put("szi", HlNum.str(p.size()));
            ObjectNode lev = pos.putObject("leverage");
            lev.put("type", allocation == null ? "cross" : "isolated");
            lev.put("value", leverage);
            if (allocation != null) {
                // rawUsd: the position's USDC side, allocation - szi x entryPx, so that rawUsd + szi x markPx is
                // its equity (the meaning read from the SDKs' types and venue answers; not stated in the docs)
                lev.put("rawUsd", HlNum.usd(allocation.subtract(p.size().multiply(p.entryPrice()))));
            }
            pos.put("entryPx", HlNum.usd(p.entryPrice()));
            pos.put("positionValue", HlNum.usd(value));
            pos.put("unrealizedPnl", HlNum.usd(p.unrealizedPnl()));
            pos.put("returnOnEquity", initial.signum() == 0 ? "0.0"
                    : HlNum.ratio(p.unrealizedPnl().divide(initial, 8, RoundingMode.HALF_EVEN)));
            if (p.liquidationPrice() == null) {
                pos.putNull("liquidationPx");
            } else {
                pos.put("liquidationPx", HlNum.usd(p.liquidationPrice().max(BigDecimal.ZERO)));
            }
            pos.put("marginUsed", HlNum.usd(marginUsed));
            pos.put("maxLeverage", coin.maxLeverage());
            // cumFunding is what the position paid (positive) or received (negative). The simulator keeps one sum
            // per coin, all time, so sinceOpen and sinceChange show the same (an approximation).
            String paid = HlNum.usd(received.getOrDefault(p.symbol(), BigDecimal.ZERO).negate());
            ObjectNode funding = pos.putObject("cumFunding");
            funding.put("allTime", paid);
            funding.put("sinceOpen", paid);
            funding.put("sinceChange", paid);
        }
        ObjectNode state = F.objectNode();
        // marginUsed of the whole account: cross initial margin + the isolated positions' equity
        BigDecimal totalUsed = account.marginUsed().subtract(isoAllocated).add(isoEquity);
        state.set("marginSummary", summary(account.equity(), ntl, account.equity().subtract(signedNtl), totalUsed));
        BigDecimal crossValue = account.equity().subtract(isoEquity);
        state.set("crossMarginSummary", summary(crossValue, ntl.subtract(isoNtl),
                crossValue.subtract(signedNtl.subtract(isoSignedNtl)), account.marginUsed().subtract(isoAllocated)));
        state.put("crossMaintenanceMarginUsed", HlNum.usd(maintenance));
        state.put("withdrawable", HlNum.usd(account.available().max(BigDecimal.ZERO)));
        state.set("assetPositions", assetPositions);
        state.put("time", sim.clock().millis());
        return state;
    }

    private static ObjectNode summary(BigDecimal accountValue, BigDecimal ntl, BigDecimal rawUsd, BigDecimal marginUsed) {
        ObjectNode s = F.objectNode();
        s.put("accountValue", HlNum.usd(accountValue));
        s.put("totalNtlPos", HlNum.usd(ntl));
        s.put("totalRawUsd", HlNum.usd(rawUsd));
        s.put("totalMarginUsed", HlNum.usd(marginUsed));
        return s;
    }

    private List<Order> openNewestFirst(String user) {
        if (!sim.knownForInfo(user)) {
            return List.of();
        }
        List<Order> open = new ArrayList<>(sim.exchange().openOrders(user));
        open.sort(Comparator.comparingLong(Shapes::oid).reversed());
        return open;
    }

    private ArrayNode openOrders(String user) {
        ArrayNode result = F.arrayNode();
        for (Order o : openNewestFirst(user)) {
            result.add(Shapes.basicOrder(o));
        }
        return result;
    }

    ArrayNode frontendOpenOrders(String user) {
        ArrayNode result = F.arrayNode();
        for (Order o : openNewestFirst(user)) {
            ObjectNode n = Shapes.frontendOrder(o, sim.store().meta(user, o.clientId()));
            // normalTpsl children waiting for this entry's fill. The simulator gives a child its oid when it goes on
            // the book, so until then it shows oid 0.
            ArrayNode children = (ArrayNode) n.get("children");
            for (pog.venue.OrderRequest c : sim.exchange().waitingChildren(user, o.orderId())) {
                Order waiting = new Order("0", c.clientId(), c.symbol(), c.side(), c.type(), c.size(), BigDecimal.ZERO,
                        c.limitPrice(), c.triggerPrice(), true, pog.venue.OrderStatus.OPEN, null, o.createdAt(),
                        o.createdAt());
                children.add(Shapes.frontendOrder(waiting, sim.store().meta(user, c.clientId())));
            }
            result.add(n);
        }
        return result;
    }

    /**
     * The docs' paging rule for userFillsByTime ("at most 2000 fills per response ... use the last returned fill
     * timestamp as the next startTime"; only the 10,000 most recent fills are available) works only if a page is
     * the oldest fills of the range, oldest first: so it is answered. (The order is the docs' implication, not
     * confirmed on the venue.)
     */
    private ArrayNode userFillsByTime(String user, long from, long to) {
        List<ObjectNode> fills = sim.knownForInfo(user) ? sim.fillsWithStart(user) : List.of();
        ArrayNode result = F.arrayNode();
        for (int i = Math.max(0, fills.size() - MAX_FILLS_KEPT); i < fills.size() && result.size() < MAX_FILLS; i++) {
            long time = fills.get(i).get("time").asLong();
            if (time >= from && time <= to) {
                result.add(fills.get(i));
            }
        }
        return result;
    }

    /** userFills: the newest 2000, newest first. */
    private ArrayNode userFills(String user, long from, long to) {
        List<ObjectNode> fills = sim.knownForInfo(user) ? sim.fillsWithStart(user) : List.of();
        ArrayNode result = F.arrayNode();
        for (int i = fills.size() - 1; i >= 0 && result.size() < MAX_FILLS; i--) {
            long time = fills.get(i).get("time").asLong();
            if (time >= from && time <= to) {
                result.add(fills.get(i));
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ account extras the SDKs ask for

    /** At most 2000 of the account's orders in any state, newest first, in orderStatus's inner shape. */
    private ArrayNode historicalOrders(String user) {
        ArrayNode result = F.arrayNode();
        if (!sim.knownForInfo(user)) {
            return result;
        }
        for (Order o : sim.exchange().recentOrders(user, MAX_FILLS)) {
            HyperliquidStore.OrderMeta meta = sim.store().meta(user, o.clientId());
            ObjectNode entry = result.addObject();
            entry.set("order", Shapes.frontendOrder(o, meta));
            entry.put("status", Shapes.status(o, meta));
            entry.put("statusTimestamp", o.updatedAt());
        }
        return result;
    }

    private ObjectNode userRole(String user) {
        ObjectNode role = F.objectNode();
        HyperliquidStore.Agent agent = sim.store().agent(user);
        if (agent != null && agent.liveAt(sim.clock().millis())) {
            role.put("role", "agent");
            role.putObject("data").put("user", agent.master());
        } else if (sim.known(user)) {
            role.put("role", "user");
        } else {
            role.put("role", "missing");
        }
        return role;
    }

    /** The account's named agents (the unnamed one is not an "extra" agent). */
    private ArrayNode extraAgents(String user) {
        ArrayNode result = F.arrayNode();
        long now = sim.clock().millis();
        for (HyperliquidStore.Agent a : sim.store().agentsOf(user)) {
            if (a.name().isEmpty() || !a.liveAt(now)) {
                continue;
            }
            ObjectNode n = result.addObject();
            n.put("address", a.agent());
            n.put("name", a.name());
            if (a.validUntil() == null) {
                n.putNull("validUntil");
            } else {
                n.put("validUntil", a.validUntil());
            }
        }
        return result;
    }

    /** Traded notional of the account, all time (what the venue's address budget grows with). */
    BigDecimal cumulativeVolume(String user) {
        return sim.volume(user);
    }

    /**
     * The address-based budget: 10,000 requests plus one per USDC traded. Requests used are the simulator's count
     * of the account's exchange actions since it started (kept in memory; a restart resets it).
     */
    private ObjectNode userRateLimit(String user) {
        BigDecimal vlm = cumulativeVolume(user);
        ObjectNode n = F.objectNode();
        n.put("cumVlm", HlNum.str(vlm.setScale(1, RoundingMode.DOWN)));
        n.put("nRequestsUsed", sim.requestsUsed(user));
        n.put("nRequestsCap", 10_000L + vlm.longValue());
        n.put("nRequestsSurplus", 0);
        return n;
    }

    private ObjectNode userFees(String user) {
        String cross = HlNum.str(sim.config().takerFeeBps().movePointLeft(4).stripTrailingZeros());
        String add = HlNum.str(sim.config().makerFeeBps().movePointLeft(4).stripTrailingZeros());
        ObjectNode n = F.objectNode();
        ArrayNode daily = n.putArray("dailyUserVlm");
        if (sim.known(user)) {
            java.util.TreeMap<String, BigDecimal[]> byDay = new java.util.TreeMap<>();
            for (pog.venue.Fill f : sim.exchange().fillsSince(user, 0)) {
                String day = java.time.Instant.ofEpochMilli(f.time()).atZone(java.time.ZoneOffset.UTC).toLocalDate()
                        .toString();
                BigDecimal[] v = byDay.computeIfAbsent(day, d -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
                BigDecimal notional = f.size().multiply(f.price());
                if (sim.crossed(f)) {
                    v[0] = v[0].add(notional);
                } else {
                    v[1] = v[1].add(notional);
                }
            }
            byDay.forEach((day, v) -> {
                ObjectNode d = daily.addObject();
                d.put("date", day);
                d.put("userCross", HlNum.usd(v[0]));
                d.put("userAdd", HlNum.usd(v[1]));
                d.put("exchange", HlNum.usd(v[0].add(v[1])));
            });
        }
        ObjectNode schedule = n.putObject("feeSchedule");
        schedule.put("cross", cross);
        schedule.put("add", add);
        schedule.put("spotCross", "0.0007");
        schedule.put("spotAdd", "0.0004");
        ObjectNode tiers = schedule.putObject("tiers");
        tiers.putArray("vip");
        tiers.putArray("mm");
        schedule.put("referralDiscount", "0.04");
        schedule.putArray("stakingDiscountTiers");
        n.put("userCrossRate", cross);
        n.put("userAddRate", add);
        n.put("userSpotCrossRate", "0.0007");
        n.put("userSpotAddRate", "0.0004");
        n.put("activeReferralDiscount", "0.0");
        n.putNull("trial");
        n.put("feeTrialEscrow", "0.0");
        n.putNull("nextTrialAvailableTimestamp");
        n.putNull("stakingLink");
        ObjectNode staking = n.putObject("activeStakingDiscount");
        staking.put("bpsOfMaxSupply", "0.0");
        staking.put("discount", "0.0");
        return n;
    }

    /** Leverage, the largest order each way and what is available to trade each way, at the mark. */
    JsonNode activeAssetData(String user, String coinName) throws BadRequest {
        HyperliquidSimConfig.Coin coin = sim.markets().byName(coinName);
        if (coin == null) {
            throw BadRequest.deserialize("unknown coin `" + coinName + "`");
        }
        BigDecimal mark = sim.exchange().marks().get(coin.name());
        boolean known = sim.knownForInfo(user);
        int leverage = known ? sim.exchange().leverage(user, coin.name()) : sim.config().defaultLeverage();
        BigDecimal available = known ? sim.exchange().account(user).available().max(BigDecimal.ZERO) : BigDecimal.ZERO;
        BigDecimal position = BigDecimal.ZERO;
        BigDecimal entry = BigDecimal.ZERO;
        if (known) {
            for (Position p : sim.exchange().positions(user)) {
                if (p.symbol().equals(coin.name())) {
                    position = p.size();
                    entry = p.entryPrice();
                }
            }
        }
        BigDecimal buyingPower = available.multiply(BigDecimal.valueOf(leverage));
        // Closing a position frees its margin: the side that reduces may trade the position plus what margin allows.
        BigDecimal buyNtl = buyingPower.add(position.signum() < 0 ? position.abs().multiply(mark) : BigDecimal.ZERO);
        BigDecimal sellNtl = buyingPower.add(position.signum() > 0 ? position.multiply(mark) : BigDecimal.ZERO);
        ObjectNode n = F.objectNode();
        n.put("user", user);
        n.put("coin", coin.name());
        ObjectNode lev = n.putObject("leverage");
        BigDecimal allocation = known ? sim.exchange().isolatedMargin(user, coin.name()) : null;
        lev.put("type", allocation == null ? "cross" : "isolated");
        lev.put("value", leverage);
        if (allocation != null) {
            lev.put("rawUsd", HlNum.usd(allocation.subtract(position.multiply(entry))));
        }
        ArrayNode maxTrade = n.putArray("maxTradeSzs");
        maxTrade.add(HlNum.str(buyNtl.divide(mark, coin.szDecimals(), RoundingMode.DOWN)));
        maxTrade.add(HlNum.str(sellNtl.divide(mark, coin.szDecimals(), RoundingMode.DOWN)));
        ArrayNode availableToTrade = n.putArray("availableToTrade");
        availableToTrade.add(HlNum.usd(buyNtl));
        availableToTrade.add(HlNum.usd(sellNtl));
        n.put("markPx", HlNum.str(mark));
        return n;
    }

    /** Spot is not simulated: the perp collateral is not a spot balance, so the list is empty. */
    private ObjectNode spotClearinghouseState(String user) {
        ObjectNode n = F.objectNode();
        n.putArray("balances");
        return n;
    }

    /** The account's hourly funding payments in the range, oldest first, at most 500 (the venue's page). */
    private ArrayNode userFunding(String user, long from, long to) {
        ArrayNode result = F.arrayNode();
        if (!sim.known(user)) {
            return result;
        }
        for (HyperliquidStore.Funding f : sim.store().fundings(user, from, to)) {
            if (result.size() >= 500) {
                break;
            }
            result.add(fundingDelta(f));
        }
        return result;
    }

    static ObjectNode fundingDelta(HyperliquidStore.Funding f) {
        ObjectNode n = F.objectNode();
        n.put("time", f.time());
        n.put("hash", "0x" + "0".repeat(64)); // funding is no transaction: the zero hash (as public examples show; unconfirmed)
        ObjectNode d = n.putObject("delta");
        d.put("type", "funding");
        d.put("coin", f.coin());
        d.put("usdc", HlNum.usd(f.usdc()));
        d.put("szi", HlNum.str(f.szi()));
        d.put("fundingRate", HlNum.str(f.rate()));
        d.putNull("nSamples");
        return n;
    }

    /** The coin's hourly rates in the range, oldest first, at most 500. */
    private ArrayNode fundingHistory(String coin, long from, long to) throws BadRequest {
        if (sim.markets().byName(coin) == null) {
            throw BadRequest.deserialize("unknown coin `" + coin + "`");
        }
        ArrayNode result = F.arrayNode();
        for (HyperliquidStore.FundingRate r : sim.store().fundingRates(coin, from, to)) {
            if (result.size() >= 500) {
                break;
            }
            ObjectNode n = result.addObject();
            n.put("coin", r.coin());
            n.put("fundingRate", HlNum.str(r.rate()));
            n.put("premium", HlNum.str(r.premium()));
            n.put("time", r.time());
        }
        return result;
    }

    /** The venue's own predicted rate for every coin (no other exchanges are simulated). */
    private ArrayNode predictedFundings() {
        long now = sim.clock().millis();
        long next = now - Math.floorMod(now, 3_600_000L) + 3_600_000L;
        ArrayNode result = F.arrayNode();
        for (HyperliquidSimConfig.Coin c : sim.markets().coins()) {
            ArrayNode entry = result.addArray();
            entry.add(c.name());
            ArrayNode venues = entry.addArray();
            ArrayNode hl = venues.addArray();
            hl.add("HlPerp");
            ObjectNode data = hl.addObject();
            data.put("fundingRate", HlNum.str(HyperliquidSimulator.FUNDING_RATE));
            data.put("nextFundingTime", next);
            data.put("fundingIntervalHours", 1);
        }
        return result;
    }

    private ObjectNode exchangeStatus() {
        ObjectNode n = F.objectNode();
        n.put("time", sim.clock().millis());
        n.putNull("specialStatuses");
        return n;
    }

    /** Account value now for every period (no history is kept), volume from the fills. */
    private ArrayNode portfolio(String user) {
        boolean known = sim.knownForInfo(user);
        BigDecimal value = known ? sim.exchange().account(user).equity() : BigDecimal.ZERO;
        BigDecimal vlm = cumulativeVolume(user);
        long now = sim.clock().millis();
        ArrayNode result = F.arrayNode();
        for (String period : new String[]{"day", "week", "month", "allTime", "perpDay", "perpWeek", "perpMonth",
                "perpAllTime"}) {
            ArrayNode entry = result.addArray();
            entry.add(period);
            ObjectNode data = entry.addObject();
            ArrayNode history = data.putArray("accountValueHistory");
            ArrayNode pnl = data.putArray("pnlHistory");
            if (known) {
                history.addArray().add(now).add(HlNum.usd(value));
                pnl.addArray().add(now).add("0.0");
            }
            data.put("vlm", HlNum.usd(vlm));
        }
        return result;
    }

    private ObjectNode orderStatus(String user, JsonNode oid) throws BadRequest {
        Optional<Order> order;
        boolean known = sim.knownForInfo(user);
        if (oid != null && oid.isTextual()) {
            String cloid = oid.textValue().toLowerCase();
            if (!cloid.matches("0x[0-9a-f]{32}")) {
                throw BadRequest.deserialize("invalid cloid at field `oid`");
            }
            order = known ? sim.exchange().order(user, sim.store().clientIdOfCloid(user, cloid)) : Optional.empty();
        } else if (oid != null && oid.canConvertToLong() && oid.isIntegralNumber()) {
            order = known ? sim.exchange().orderById(user, Long.toString(oid.longValue())) : Optional.empty();
        } else {
            throw BadRequest.deserialize("missing field `oid`");
        }
        ObjectNode result = F.objectNode();
        if (order.isEmpty()) {
            result.put("status", "unknownOid");
            return result;
        }
        Order o = order.get();
        HyperliquidStore.OrderMeta meta = sim.store().meta(user, o.clientId());
        result.put("status", "order");
        ObjectNode wrapper = result.putObject("order");
        wrapper.set("order", Shapes.frontendOrder(o, meta));
        wrapper.put("status", Shapes.status(o, meta));
        wrapper.put("statusTimestamp", o.updatedAt());
        return result;
    }
}
