// Drives pog's simulated Hyperliquid with the public TypeScript SDK @nktkas/hyperliquid, unchanged and through its
// public API only, and checks that every answer makes sense (shapes as the SDK's response types declare them, and
// state: an order rests or fills, then shows in openOrders/userFills; a cancel removes it...).
//
//   node compat.mjs <baseUrl> <privateKeyHex>        e.g. node compat.mjs http://127.0.0.1:9502 0x0123...
//
// Prints one JSON line per check: {"call", "ok", "detail"[, "knownGap"]}, then one summary line
// {"summary": true, ...}. Exit status: 0 when every check passed except the KNOWN_GAPS below (which must fail: a
// known gap that passes is reported as fixed and fails the run, so the list never goes stale); 1 otherwise; 2 on
// bad usage. HyperliquidSdkCompatIT (app module) runs it against a real `pog exchange-sim` process.
//
// Environment: POG_SIM_ADMIN=true adds a check that a stop fires when the mark moves (see below: it needs the
// simulator's --admin endpoint to move the mark). POG_HL_MAINNET=true signs for mainnet (only for a simulator started with --network mainnet);
// otherwise the SDK signs for testnet (isTestnet: true), which is what the simulator recovers signatures for by default.
// The transports are configured as a user would: only apiUrl/url and isTestnet (the WebSocket adds a short keepAlive
// so the ping check is quick). The simulator, like the venue, knows only provisioned accounts: start it with
// --fund <the key's address> (and the derived second account's, see exchange.updateLeverage.isolated).

import { ExchangeClient, HttpTransport, InfoClient, SubscriptionClient, WebSocketTransport } from "@nktkas/hyperliquid";
import { formatPrice, formatSize, SymbolConverter } from "@nktkas/hyperliquid/utils";
import { privateKeyToAccount } from "viem/accounts";

/**
 * Checks known to fail against the simulator today, each with what is wrong. They still run; they must fail (a pass
 * means the gap was fixed: remove it here and in HyperliquidSdkCompatIT.KNOWN_GAPS).
 */
export const KNOWN_GAPS = {};

const [baseUrl, privateKey] = process.argv.slice(2);
if (!baseUrl || !/^0x[0-9a-fA-F]{64}$/.test(privateKey ?? "")) {
  console.error("usage: node compat.mjs <baseUrl> <privateKeyHex (0x + 64 hex)>");
  process.exit(2);
}
if (typeof globalThis.WebSocket !== "function") {
  console.error("no global WebSocket in this Node (" + process.version + "): use Node >= 22, or node --experimental-websocket on Node 20");
  process.exit(2);
}

const isTestnet = process.env.POG_HL_MAINNET !== "true";
const wsUrl = baseUrl.replace(/^http/, "ws").replace(/\/$/, "") + "/ws";
const wallet = privateKeyToAccount(privateKey);
const user = wallet.address.toLowerCase();

const http = new HttpTransport({ apiUrl: baseUrl, isTestnet });
const info = new InfoClient({ transport: http });
const exchange = new ExchangeClient({ transport: http, wallet });
// keepAlive every 500 ms so the ping/pong check does not wait the default 30 s.
const ws = new WebSocketTransport({ url: wsUrl, isTestnet, keepAlive: { interval: 500, timeout: 5_000 } });
const subs = new SubscriptionClient({ transport: ws });

// ------------------------------------------------------------------ check harness

const results = [];

function emit(line) {
  process.stdout.write(JSON.stringify(line) + "\n");
}

function short(value, max = 600) {
  let s;
  try {
    s = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s === undefined ? "undefined" : s.length > max ? s.slice(0, max) + "..." : s;
}

function describeError(e) {
  if (e && typeof e === "object") {
    const parts = [`${e.name ?? "Error"}: ${e.message}`];
    if (e.response !== undefined && !(typeof Response !== "undefined" && e.response instanceof Response)) {
      parts.push("response=" + short(e.response));
    }
    if (e.cause) parts.push("cause=" + (e.cause.message ?? String(e.cause)));
    return parts.join(" ");
  }
  return String(e);
}

/** Runs one check; fn returns a detail (any JSON) or throws. The check's value is returned (undefined on failure). */
async function check(call, fn) {
  const started = Date.now();
  let ok = false;
  let detail;
  let value;
  try {
    value = await fn();
    ok = true;
    detail = value === undefined ? "ok" : value;
  } catch (e) {
    detail = describeError(e);
  }
  const line = { call, ok, ms: Date.now() - started, detail: short(detail) };
  if (KNOWN_GAPS[call]) line.knownGap = KNOWN_GAPS[call];
  results.push(line);
  emit(line);
  return ok ? value : undefined;
}

class CheckFailed extends Error {
  constructor(message) {
    super(message);
    this.name = "CheckFailed";
  }
}

function expect(condition, message, actual) {
  if (!condition) throw new CheckFailed(message + (actual === undefined ? "" : " -- actual: " + short(actual)));
}

const isNumStr = (s) => typeof s === "string" && /^-?\d+(\.\d+)?$/.test(s);
const isInt = (n) => Number.isSafeInteger(n);
const isHex = (s, bytes) => typeof s === "string" && new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`).test(s);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function eventually(what, predicate, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await sleep(100);
  }
  throw new CheckFailed(`not within ${timeoutMs} ms: ${what}`);
}

function cloid(n) {
  const rnd = Date.now().toString(16).padStart(16, "0");
  return "0x" + rnd + n.toString(16).padStart(16, "0");
}

// Shape checks: the fields the SDK's response types declare (esm/api/**/_methods/*.d.ts), with their types.
function expectOpenOrder(o, where) {
  expect(o && typeof o.coin === "string" && (o.side === "B" || o.side === "A") && isNumStr(o.limitPx) && isNumStr(o.sz)
    && isInt(o.oid) && isInt(o.timestamp) && isNumStr(o.origSz), `${where}: OpenOrder {coin, side B|A, limitPx, sz, oid, timestamp, origSz}`, o);
}

function expectFrontendOrder(o, where) {
  expectOpenOrder(o, where);
  expect(typeof o.triggerCondition === "string" && typeof o.isTrigger === "boolean" && isNumStr(o.triggerPx)
    && Array.isArray(o.children) && typeof o.isPositionTpsl === "boolean" && typeof o.reduceOnly === "boolean"
    && typeof o.orderType === "string" && "tif" in o && "cloid" in o,
    `${where}: FrontendOpenOrder {triggerCondition, isTrigger, triggerPx, children[], isPositionTpsl, reduceOnly, orderType, tif, cloid}`, o);
}

function expectFill(f, where) {
  expect(f && typeof f.coin === "string" && isNumStr(f.px) && isNumStr(f.sz) && (f.side === "B" || f.side === "A")
    && isInt(f.time) && isNumStr(f.startPosition) && typeof f.dir === "string" && isNumStr(f.closedPnl)
    && isHex(f.hash, 32) && isInt(f.oid) && typeof f.crossed === "boolean" && isNumStr(f.fee) && isInt(f.tid)
    && typeof f.feeToken === "string",
    `${where}: UserFill {coin, px, sz, side, time, startPosition, dir, closedPnl, hash 0x+64hex, oid, crossed, fee, tid, feeToken}`, f);
}

function expectBookLevels(levels, where) {
  expect(Array.isArray(levels) && levels.length === 2, `${where}: levels = [bids, asks]`, levels);
  for (const side of levels) {
    expect(Array.isArray(side), `${where}: levels side is an array`, side);
    for (const l of side) expect(isNumStr(l.px) && isNumStr(l.sz) && isInt(l.n), `${where}: level {px, sz, n}`, l);
  }
  const [bids, asks] = levels;
  expect(bids.length > 0 && asks.length > 0, `${where}: both sides have levels`, levels.map((s) => s.length));
  expect(Number(bids[0].px) < Number(asks[0].px), `${where}: best bid < best ask`, [bids[0], asks[0]]);
  for (let i = 1; i < bids.length; i++) expect(Number(bids[i].px) < Number(bids[i - 1].px), `${where}: bids descending`, bids.slice(0, i + 1));
  for (let i = 1; i < asks.length; i++) expect(Number(asks[i].px) > Number(asks[i - 1].px), `${where}: asks ascending`, asks.slice(0, i + 1));
}

function onlyStatus(res, where) {
  expect(res?.status === "ok" && res.response?.type === "order" && Array.isArray(res.response.data?.statuses),
    `${where}: {status: "ok", response: {type: "order", data: {statuses}}}`, res);
  return res.response.data.statuses;
}

function expectDefault(res, where) {
  expect(res?.status === "ok" && res.response?.type === "default", `${where}: {status: "ok", response: {type: "default"}}`, res);
}

/** Runs fn, which must be rejected by the venue: the SDK throws ApiRequestError. Returns the error message. */
async function expectRejected(fn, where, messagePattern) {
  try {
    const res = await fn();
    throw new CheckFailed(`${where}: expected the venue to reject it (ApiRequestError), got ` + short(res));
  } catch (e) {
    if (e instanceof CheckFailed) throw e;
    expect(e?.name === "ApiRequestError", `${where}: expected ApiRequestError, got ${describeError(e)}`);
    if (messagePattern) expect(messagePattern.test(e.message), `${where}: error message ~ ${messagePattern}`, e.message);
    return e.message;
  }
}

// ------------------------------------------------------------------ WebSocket recorders

const events = { allMids: [], l2Book: [], trades: [], orderUpdates: [], userFills: [], userEvents: [], bbo: [], candle: [],
  activeAssetCtx: [], activeAssetData: [], webData3: [], clearinghouseState: [], openOrders: [], userFundings: [],
  userNonFundingLedgerUpdates: [], notification: [] };
let pongs = 0;
let wsOpens = 0;
let wsCloses = 0;
ws.socket.addEventListener("open", () => wsOpens++);
ws.socket.addEventListener("close", () => wsCloses++);
ws.socket.addEventListener("message", (e) => {
  try {
    if (JSON.parse(e.data)?.channel === "pong") pongs++;
  } catch {
    // the greeting is not JSON
  }
});
const subscriptions = {};

async function subscribe(name, fn) {
  return check(`ws.subscribe.${name}`, async () => {
    subscriptions[name] = await fn((data) => events[name].push(data));
    expect(typeof subscriptions[name]?.unsubscribe === "function", "subscribe resolves with {unsubscribe}");
    return "confirmed by subscriptionResponse";
  });
}

// ------------------------------------------------------------------ the run

const state = {};

async function main() {
  // ---- info: market data
  const meta = await check("info.meta", async () => {
    const m = await info.meta();
    expect(Array.isArray(m?.universe) && m.universe.length > 0, "meta.universe is a non-empty array", m);
    for (const u of m.universe) {
      expect(typeof u.name === "string" && isInt(u.szDecimals) && isInt(u.maxLeverage) && isInt(u.marginTableId),
        "universe entry {name, szDecimals, maxLeverage, marginTableId}", u);
    }
    expect(Array.isArray(m.marginTables) && isInt(m.collateralToken), "meta {marginTables[], collateralToken}", m);
    expect(m.universe.some((u) => u.name === "BTC"), "BTC is listed", m.universe.map((u) => u.name));
    return m;
  });
  const btcIndex = meta ? meta.universe.findIndex((u) => u.name === "BTC") : 0;
  const btc = meta ? meta.universe[btcIndex] : { name: "BTC", szDecimals: 5, maxLeverage: 40 };
  state.asset = btcIndex;
  state.szDecimals = btc.szDecimals;

  await check("info.spotMeta", async () => {
    const s = await info.spotMeta();
    expect(Array.isArray(s?.universe) && Array.isArray(s?.tokens), "spotMeta {universe[], tokens[]}", s);
    for (const t of s.tokens) {
      expect(typeof t.name === "string" && isInt(t.szDecimals) && isInt(t.weiDecimals) && isInt(t.index)
        && typeof t.isCanonical === "boolean", "token {name, szDecimals, weiDecimals, index, isCanonical}", t);
    }
    for (const u of s.universe) {
      expect(Array.isArray(u.tokens) && typeof u.name === "string" && isInt(u.index), "pair {tokens, name, index}", u);
    }
    return { universe: s.universe.length, tokens: s.tokens.map((t) => t.name) };
  });

  // The SDK's own helper from coin names to asset ids (what most SDK users place orders with): it loads meta,
  // spotMeta and outcomeMeta.
  await check("utils.SymbolConverter", async () => {
    const converter = await SymbolConverter.create({ transport: http });
    const id = converter.getAssetId("BTC");
    const sz = converter.getSzDecimals("BTC");
    expect(id === btcIndex && sz === btc.szDecimals, `BTC -> asset ${btcIndex}, szDecimals ${btc.szDecimals}`, { id, sz });
    return { BTC: { assetId: id, szDecimals: sz } };
  });

  const mids = await check("info.allMids", async () => {
    const m = await info.allMids();
    expect(m && typeof m === "object" && isNumStr(m.BTC), "allMids has a numeric string for BTC", m);
    for (const [k, v] of Object.entries(m)) expect(isNumStr(v), `mid of ${k} is a numeric string`, v);
    return m;
  });
  const mid = Number(mids?.BTC ?? 60000);
  state.mid = mid;
  const px = (factor) => formatPrice(mid * factor, state.szDecimals);
  const size = formatSize(Math.max(0.001, 20 / mid), state.szDecimals); // ~20 USDC: above the 10 USDC minimum

  await check("info.l2Book", async () => {
    const b = await info.l2Book({ coin: "BTC" });
    expect(b?.coin === "BTC" && isInt(b.time), "l2Book {coin: BTC, time}", b);
    expectBookLevels(b.levels, "l2Book");
    const bid = Number(b.levels[0][0].px);
    const ask = Number(b.levels[1][0].px);
    expect(bid <= mid * 1.01 && ask >= mid * 0.99, "book brackets allMids' mid", { bid, ask, mid });
    return { bid, ask, levels: [b.levels[0].length, b.levels[1].length] };
  });

  await check("info.l2Book.nSigFigs", async () => {
    const b = await info.l2Book({ coin: "BTC", nSigFigs: 2 });
    expect(b?.coin === "BTC", "l2Book {coin: BTC}", b);
    expectBookLevels(b.levels, "l2Book nSigFigs 2");
    const sigFigs = (x) => x.replace(/\.?0+$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
    const tooFine = b.levels.flat().filter((l) => sigFigs(l.px) > 2).map((l) => l.px);
    expect(tooFine.length === 0, "with nSigFigs 2 every level is aggregated to 2 significant figures (e.g. 60000, 61000 for BTC)",
      tooFine.slice(0, 5));
    return { bid: b.levels[0][0], ask: b.levels[1][0] };
  });

  await check("info.candleSnapshot", async () => {
    const fetchCandles = () => info.candleSnapshot({ coin: "BTC", interval: "1m", startTime: Date.now() - 3_600_000, endTime: Date.now() + 60_000 });
    let c = await fetchCandles();
    expect(Array.isArray(c), "candleSnapshot is an array", c);
    if (c.length === 0) c = await eventually("a 1m candle for the last hour", async () => { const k = await fetchCandles(); return k.length > 0 && k; }, 5_000);
    for (const k of c) {
      expect(isInt(k.t) && isInt(k.T) && k.s === "BTC" && k.i === "1m" && isNumStr(k.o) && isNumStr(k.c)
        && isNumStr(k.h) && isNumStr(k.l) && isNumStr(k.v) && isInt(k.n), "candle {t, T, s, i, o, c, h, l, v, n}", k);
      expect(Number(k.l) <= Number(k.o) && Number(k.o) <= Number(k.h) && Number(k.l) <= Number(k.c)
        && Number(k.c) <= Number(k.h), "l <= o, c <= h", k);
      expect(k.T - k.t === 59_999 && k.t % 60_000 === 0, "t on a minute, T = t + 59999", k);
    }
    return { candles: c.length, last: c[c.length - 1] };
  });

  // ---- WebSocket subscriptions (events are checked after the trading below)
  await check("ws.connect", async () => {
    await ws.ready(AbortSignal.timeout(10_000));
    return "open";
  });
  await subscribe("allMids", (l) => subs.allMids(l));
  await subscribe("l2Book", (l) => subs.l2Book({ coin: "BTC" }, l));
  await subscribe("trades", (l) => subs.trades({ coin: "BTC" }, l));
  await subscribe("orderUpdates", (l) => subs.orderUpdates({ user }, l));
  await subscribe("userFills", (l) => subs.userFills({ user }, l));
  await subscribe("userEvents", (l) => subs.userEvents({ user }, l));

  // ---- account
  await check("info.clearinghouseState", async () => {
    const c = await info.clearinghouseState({ user });
    for (const k of ["marginSummary", "crossMarginSummary"]) {
      const m = c?.[k];
      expect(m && isNumStr(m.accountValue) && isNumStr(m.totalNtlPos) && isNumStr(m.totalRawUsd)
        && isNumStr(m.totalMarginUsed), `${k} {accountValue, totalNtlPos, totalRawUsd, totalMarginUsed}`, c);
    }
    expect(isNumStr(c.crossMaintenanceMarginUsed) && isNumStr(c.withdrawable) && Array.isArray(c.assetPositions)
      && isInt(c.time), "{crossMaintenanceMarginUsed, withdrawable, assetPositions[], time}", c);
    expect(Number(c.marginSummary.accountValue) > 0, "our account is funded (provisioned with --fund)", c.marginSummary);
    expect(c.assetPositions.length === 0, "a new account has no position", c.assetPositions);
    return c.marginSummary;
  });

  await check("exchange.updateLeverage", async () => {
    const lev = Math.min(7, btc.maxLeverage);
    expectDefault(await exchange.updateLeverage({ asset: state.asset, isCross: true, leverage: lev }), "updateLeverage");
    state.leverage = lev;
    return { leverage: lev };
  });

  // ---- a resting Gtc buy with a cloid
  state.gtcCloid = cloid(1);
  await check("exchange.order.limitGtc.cloid", async () => {
    const p = px(0.9);
    const res = await exchange.order({
      orders: [{ a: state.asset, b: true, p, s: size, r: false, t: { limit: { tif: "Gtc" } }, c: state.gtcCloid }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "order Gtc");
    expect(st?.resting && isInt(st.resting.oid), "Gtc below the bid rests: statuses[0].resting.oid", res);
    expect(st.resting.cloid === undefined || st.resting.cloid === state.gtcCloid, "resting.cloid (when present) is ours", st);
    state.gtcOid = st.resting.oid;
    state.gtcPx = p;
    return st;
  });

  await check("info.openOrders", async () => {
    const oo = await info.openOrders({ user });
    expect(Array.isArray(oo), "openOrders is an array", oo);
    oo.forEach((o) => expectOpenOrder(o, "openOrders"));
    const o = oo.find((x) => x.oid === state.gtcOid);
    expect(o, `resting oid ${state.gtcOid} is listed`, oo);
    expect(o.coin === "BTC" && o.side === "B" && Number(o.limitPx) === Number(state.gtcPx) && Number(o.sz) === Number(size)
      && Number(o.origSz) === Number(size), "coin BTC, side B, limitPx and sz as placed", o);
    expect(o.cloid === state.gtcCloid, "cloid as placed", o);
    return o;
  });

  await check("info.frontendOpenOrders", async () => {
    const oo = await info.frontendOpenOrders({ user });
    expect(Array.isArray(oo), "frontendOpenOrders is an array", oo);
    oo.forEach((o) => expectFrontendOrder(o, "frontendOpenOrders"));
    const o = oo.find((x) => x.oid === state.gtcOid);
    expect(o, `resting oid ${state.gtcOid} is listed`, oo);
    expect(o.orderType === "Limit" && o.tif === "Gtc" && o.isTrigger === false && o.reduceOnly === false
      && o.cloid === state.gtcCloid, "orderType Limit, tif Gtc, isTrigger false, reduceOnly false, cloid", o);
    return o;
  });

  await check("info.orderStatus", async () => {
    const byOid = await info.orderStatus({ user, oid: state.gtcOid });
    expect(byOid?.status === "order" && byOid.order?.status === "open" && isInt(byOid.order.statusTimestamp),
      "by oid: {status: order, order: {order, status: open, statusTimestamp}}", byOid);
    expectFrontendOrder(byOid.order.order, "orderStatus.order.order");
    expect(byOid.order.order.oid === state.gtcOid, "the same oid", byOid);
    const byCloid = await info.orderStatus({ user, oid: state.gtcCloid });
    expect(byCloid?.status === "order" && byCloid.order?.order?.oid === state.gtcOid, "by cloid: the same order", byCloid);
    const unknown = await info.orderStatus({ user, oid: 987654321987 });
    expect(unknown?.status === "unknownOid", "unknown oid: {status: unknownOid}", unknown);
    return { status: byOid.order.status };
  });

  // ---- Alo: rests when passive, rejected when it would cross
  state.aloCloid = cloid(2);
  await check("exchange.order.limitAlo", async () => {
    const p = px(1.1);
    const res = await exchange.order({
      orders: [{ a: state.asset, b: false, p, s: size, r: false, t: { limit: { tif: "Alo" } }, c: state.aloCloid }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "order Alo");
    expect(st?.resting && isInt(st.resting.oid), "a passive Alo sell rests", res);
    state.aloOid = st.resting.oid;
    const crossing = await expectRejected(() => exchange.order({
      orders: [{ a: state.asset, b: true, p: px(1.05), s: size, r: false, t: { limit: { tif: "Alo" } } }],
      grouping: "na",
    }), "Alo buy above the ask", /post only|would have immediately matched/i);
    return { resting: st.resting, crossingRejected: crossing };
  });

  // ---- Ioc: fills against the book; an Ioc that cannot match is rejected
  await check("exchange.order.limitIoc", async () => {
    const res = await exchange.order({
      orders: [{ a: state.asset, b: true, p: px(1.02), s: size, r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "order Ioc");
    expect(st?.filled && isInt(st.filled.oid) && isNumStr(st.filled.totalSz) && isNumStr(st.filled.avgPx),
      "an Ioc buy above the ask fills: statuses[0].filled {totalSz, avgPx, oid}", res);
    expect(Number(st.filled.totalSz) === Number(size), "filled in full", st);
    expect(Number(st.filled.avgPx) <= Number(px(1.02)) && Number(st.filled.avgPx) > mid * 0.98, "avgPx within the limit, near the mid", st);
    state.iocOid = st.filled.oid;
    const noMatch = await expectRejected(() => exchange.order({
      orders: [{ a: state.asset, b: true, p: px(0.8), s: size, r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    }), "Ioc far below the bid", /could not immediately match/i);
    return { filled: st.filled, nonMatchingRejected: noMatch };
  });

  await check("info.userFills", async () => {
    const fills = await info.userFills({ user });
    expect(Array.isArray(fills), "userFills is an array", fills);
    fills.forEach((f) => expectFill(f, "userFills"));
    const f = fills.find((x) => x.oid === state.iocOid);
    expect(f, `the Ioc fill (oid ${state.iocOid}) is listed`, fills);
    expect(f.coin === "BTC" && f.side === "B" && Number(f.sz) === Number(size) && f.crossed === true
      && f.dir === "Open Long" && Number(f.startPosition) === 0, "BTC, side B, sz, crossed (taker), dir Open Long, startPosition 0", f);
    for (let i = 1; i < fills.length; i++) expect(fills[i - 1].time >= fills[i].time, "newest first", fills.slice(0, i + 1));
    const st = await info.orderStatus({ user, oid: state.iocOid });
    expect(st?.order?.status === "filled", "orderStatus of the Ioc order: filled", st);
    return f;
  });

  await check("info.clearinghouseState.position", async () => {
    const c = await info.clearinghouseState({ user });
    const p = c?.assetPositions?.find((x) => x.position?.coin === "BTC");
    expect(p, "a BTC position after the Ioc fill", c);
    expect(p.type === "oneWay", "assetPositions[].type oneWay", p);
    const q = p.position;
    expect(Number(q.szi) === Number(size), "szi = the filled size (long)", q);
    expect(isNumStr(q.entryPx) && isNumStr(q.positionValue) && isNumStr(q.unrealizedPnl) && isNumStr(q.returnOnEquity)
      && (q.liquidationPx === null || isNumStr(q.liquidationPx)) && isNumStr(q.marginUsed) && isInt(q.maxLeverage)
      && q.cumFunding && isNumStr(q.cumFunding.allTime) && isNumStr(q.cumFunding.sinceOpen) && isNumStr(q.cumFunding.sinceChange),
      "position {entryPx, positionValue, unrealizedPnl, returnOnEquity, liquidationPx, marginUsed, maxLeverage, cumFunding}", q);
    expect(q.leverage?.type === "cross" && q.leverage.value === state.leverage, `leverage {type: cross, value: ${state.leverage}} (updateLeverage)`, q.leverage);
    return q;
  });

  // ---- isolated margin, on a second account derived from the key (so the main account stays cross)
  await check("exchange.updateLeverage.isolated", async () => {
    const key2 = privateKey.slice(0, -2) + ((parseInt(privateKey.slice(-2), 16) ^ 1).toString(16).padStart(2, "0"));
    const wallet2 = privateKeyToAccount(key2);
    const user2 = wallet2.address.toLowerCase();
    const exchange2 = new ExchangeClient({ transport: http, wallet: wallet2 });
    expectDefault(await exchange2.updateLeverage({ asset: state.asset, isCross: false, leverage: 3 }), "updateLeverage isolated");
    const [st] = onlyStatus(await exchange2.order({
      orders: [{ a: state.asset, b: true, p: px(1.02), s: size, r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    }), "Ioc buy");
    expect(st?.filled, "a long is opened", st);
    const c = await info.clearinghouseState({ user: user2 });
    const q = c.assetPositions.find((x) => x.position.coin === "BTC")?.position;
    expect(q, "a BTC position", c.assetPositions);
    expect(q.leverage?.type === "isolated" && q.leverage.value === 3 && isNumStr(q.leverage.rawUsd),
      "after updateLeverage {isCross: false, leverage: 3} the position has leverage {type: isolated, value: 3, rawUsd}", q.leverage);
    const cross = (await info.clearinghouseState({ user: user2 })).crossMarginSummary;
    expect(Number(cross.totalNtlPos) === 0, "the isolated position is not in crossMarginSummary", cross);
    expectDefault(await exchange2.updateIsolatedMargin({ asset: state.asset, isBuy: true, ntli: 5_000_000 }),
      "updateIsolatedMargin +5 USDC");
    const q2 = (await info.clearinghouseState({ user: user2 })).assetPositions
      .find((x) => x.position.coin === "BTC")?.position;
    expect(Math.abs(Number(q2?.leverage?.rawUsd) - Number(q.leverage.rawUsd) - 5) < 1e-6,
      "updateIsolatedMargin {ntli: 5e6} adds 5 USDC to the position's rawUsd", { before: q.leverage, after: q2?.leverage });
    return q2.leverage;
  });

  // ---- trigger orders (market sl and tp) for the position, grouping na
  await check("exchange.order.trigger.slMarket", async () => {
    const trig = px(0.95);
    const res = await exchange.order({
      orders: [{ a: state.asset, b: false, p: px(0.95 * 0.9), s: size, r: true,
        t: { trigger: { isMarket: true, triggerPx: trig, tpsl: "sl" } } }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "order sl");
    expect(st?.resting && isInt(st.resting.oid), "a stop loss rests: statuses[0].resting.oid", res);
    state.slOid = st.resting.oid;
    const o = (await info.frontendOpenOrders({ user })).find((x) => x.oid === state.slOid);
    expect(o, "the stop is in frontendOpenOrders", o);
    expectFrontendOrder(o, "sl");
    expect(o.isTrigger === true && o.orderType === "Stop Market" && o.reduceOnly === true
      && Number(o.triggerPx) === Number(trig) && o.side === "A", "isTrigger, orderType Stop Market, reduceOnly, triggerPx, side A", o);
    return o;
  });

  await check("exchange.order.trigger.tpMarket", async () => {
    const trig = px(1.05);
    const res = await exchange.order({
      orders: [{ a: state.asset, b: false, p: px(1.05 * 0.9), s: size, r: true,
        t: { trigger: { isMarket: true, triggerPx: trig, tpsl: "tp" } } }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "order tp");
    expect(st?.resting && isInt(st.resting.oid), "a take profit rests: statuses[0].resting.oid", res);
    state.tpOid = st.resting.oid;
    const o = (await info.frontendOpenOrders({ user })).find((x) => x.oid === state.tpOid);
    expect(o, "the take profit is in frontendOpenOrders", o);
    expectFrontendOrder(o, "tp");
    expect(o.isTrigger === true && o.orderType === "Take Profit Market" && o.reduceOnly === true
      && Number(o.triggerPx) === Number(trig), "isTrigger, orderType Take Profit Market, reduceOnly, triggerPx", o);
    return o;
  });

  await check("exchange.cancel", async () => {
    const res = await exchange.cancel({ cancels: [{ a: state.asset, o: state.slOid }, { a: state.asset, o: state.tpOid }] });
    const sts = res?.response?.data?.statuses;
    expect(res?.status === "ok" && res.response.type === "cancel" && Array.isArray(sts) && sts.length === 2
      && sts.every((s) => s === "success"),
      'cancel: {status: ok, response: {type: "cancel", data: {statuses: ["success", "success"]}}}', res);
    const oo = await info.openOrders({ user });
    expect(!oo.some((o) => o.oid === state.slOid || o.oid === state.tpOid), "cancelled orders are gone from openOrders", oo);
    const st = await info.orderStatus({ user, oid: state.slOid });
    expect(st?.order?.status === "canceled", "orderStatus of a cancelled order: canceled", st);
    const again = await expectRejected(() => exchange.cancel({ cancels: [{ a: state.asset, o: state.slOid }] }),
      "cancelling it again", /never placed|already canceled|filled/i);
    return { statuses: sts, again };
  });

  // ---- reduce-only: closes the position, and is refused when it would increase it
  await check("exchange.order.reduceOnly", async () => {
    const res = await exchange.order({
      orders: [{ a: state.asset, b: false, p: px(0.98), s: size, r: true, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "reduce-only Ioc sell");
    expect(st?.filled && Number(st.filled.totalSz) === Number(size), "a reduce-only Ioc sell of the position fills", res);
    const c = await info.clearinghouseState({ user });
    const p = c.assetPositions.find((x) => x.position.coin === "BTC");
    expect(!p || Number(p.position.szi) === 0, "the position is closed", c.assetPositions);
    const fills = await info.userFills({ user });
    const f = fills.find((x) => x.oid === st.filled.oid);
    expect(f && f.dir === "Close Long" && f.side === "A", "the closing fill: dir Close Long, side A", f);
    const refused = await expectRejected(() => exchange.order({
      orders: [{ a: state.asset, b: false, p: px(0.98), s: size, r: true, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    }), "reduce-only sell when flat", /reduce only/i);
    return { filled: st.filled, whenFlat: refused };
  });

  // ---- grouping normalTpsl: an entry with its tp and sl
  await check("exchange.order.grouping.normalTpsl", async () => {
    const entryPx = px(0.9);
    const res = await exchange.order({
      orders: [
        { a: state.asset, b: true, p: entryPx, s: size, r: false, t: { limit: { tif: "Gtc" } } },
        { a: state.asset, b: false, p: px(0.99), s: size, r: true, t: { trigger: { isMarket: true, triggerPx: px(1.0), tpsl: "tp" } } },
        { a: state.asset, b: false, p: px(0.8), s: size, r: true, t: { trigger: { isMarket: true, triggerPx: px(0.85), tpsl: "sl" } } },
      ],
      grouping: "normalTpsl",
    });
    const sts = onlyStatus(res, "order normalTpsl");
    expect(sts.length === 3, "three statuses", res);
    expect(sts[0]?.resting && isInt(sts[0].resting.oid), "the entry rests", res);
    expect(sts.slice(1).every((s) => s === "waitingForFill" || (s?.resting && isInt(s.resting.oid))),
      'tp and sl: "waitingForFill" (as Hyperliquid answers children of an unfilled entry) or resting', res);
    state.tpslEntryOid = sts[0].resting.oid;
    const fo = await info.frontendOpenOrders({ user });
    const entry = fo.find((o) => o.oid === state.tpslEntryOid);
    expect(entry, "the entry is in frontendOpenOrders", fo);
    return { statuses: sts, children: entry.children?.length };
  });

  await check("exchange.cancelByCloid", async () => {
    const res = await exchange.cancelByCloid({ cancels: [{ asset: state.asset, cloid: state.gtcCloid }] });
    expect(res?.status === "ok" && res.response?.type === "cancel" && Array.isArray(res.response.data?.statuses)
      && res.response.data.statuses[0] === "success", 'cancelByCloid: {status: ok, response: {type: "cancel", data: {statuses: ["success"]}}}', res);
    const oo = await info.openOrders({ user });
    expect(!oo.some((o) => o.oid === state.gtcOid), "the order is gone from openOrders", oo);
    const st = await info.orderStatus({ user, oid: state.gtcCloid });
    expect(st?.order?.status === "canceled", "orderStatus by cloid: canceled", st);
    return res.response.data.statuses;
  });

  // ---- modify / batchModify of the resting Alo sell
  await check("exchange.modify", async () => {
    const newPx = px(1.12);
    const res = await exchange.modify({
      oid: state.aloOid,
      order: { a: state.asset, b: false, p: newPx, s: size, r: false, t: { limit: { tif: "Alo" } }, c: state.aloCloid },
    });
    expectDefault(res, "modify");
    const oo = await info.openOrders({ user });
    const o = oo.find((x) => x.cloid === state.aloCloid);
    expect(o && Number(o.limitPx) === Number(newPx), `the order (cloid ${state.aloCloid}) now has limitPx ${newPx}`, oo);
    state.aloOid = o.oid;
    return o;
  });

  await check("exchange.batchModify", async () => {
    const newPx = px(1.15);
    const newSize = formatSize(Number(size) * 2, state.szDecimals);
    const res = await exchange.batchModify({
      modifies: [{
        oid: state.aloCloid,
        order: { a: state.asset, b: false, p: newPx, s: newSize, r: false, t: { limit: { tif: "Gtc" } }, c: state.aloCloid },
      }],
    });
    const [st] = onlyStatus(res, "batchModify");
    expect(st?.resting && isInt(st.resting.oid), "batchModify answers like order: statuses[0].resting.oid", res);
    const oo = await info.openOrders({ user });
    const o = oo.find((x) => x.oid === st.resting.oid);
    expect(o && Number(o.limitPx) === Number(newPx) && Number(o.sz) === Number(newSize) && o.cloid === state.aloCloid,
      `openOrders shows the modified order (limitPx ${newPx}, sz ${newSize}, same cloid)`, oo);
    state.aloOid = o.oid;
    return o;
  });

  // ---- scheduleCancel: as on the venue, an account that traded less than $1,000,000 may neither set nor clear it
  // (the TS SDK's own real-testnet test asserts this refusal); the firing itself is proven by the simulator's tests.
  const gate = /Cannot set scheduled cancel time until enough volume traded\. Required: \$1000000\. Traded: \$[0-9.]+\./;
  await check("exchange.scheduleCancel.set", async () => {
    const refused = await expectRejected(() => exchange.scheduleCancel({ time: Date.now() + 6_500 }),
      "scheduleCancel {time} below $1M traded", gate);
    const before = await info.openOrders({ user });
    expect(before.length > 0, "orders are still open (nothing was scheduled)", before);
    // cancel them as the schedule would have, so what follows starts from the same state
    await exchange.cancel({ cancels: before.map((o) => ({ a: state.asset, o: o.oid })) });
    return { refused, cancelledByHand: before.map((o) => o.oid) };
  });
  await check("exchange.scheduleCancel.clear", async () => {
    const refused = await expectRejected(() => exchange.scheduleCancel(), "scheduleCancel {} (clear) below $1M traded", gate);
    return { refused };
  });

  // ---- expiresAfter (signed into the action hash): a future one is accepted, a past one refused
  await check("exchange.expiresAfter", async () => {
    const order = { a: state.asset, b: true, p: px(0.9), s: size, r: false, t: { limit: { tif: "Gtc" } } };
    const res = await exchange.order({ orders: [order], grouping: "na" }, { expiresAfter: Date.now() + 60_000 });
    const [st] = onlyStatus(res, "order with expiresAfter");
    expect(st?.resting && isInt(st.resting.oid), "an order with a future expiresAfter rests", res);
    await exchange.cancel({ cancels: [{ a: state.asset, o: st.resting.oid }] });
    const expired = await expectRejected(() => exchange.order({ orders: [order], grouping: "na" }, { expiresAfter: Date.now() - 1_000 }),
      "an order whose expiresAfter has passed");
    return { resting: st.resting.oid, expired };
  });

  // ---- a signature for the other network recovers another address, which Hyperliquid does not know
  await check("exchange.wrongNetworkSignature", async () => {
    const other = new ExchangeClient({ transport: new HttpTransport({ apiUrl: baseUrl, isTestnet: !isTestnet }), wallet });
    const order = { a: state.asset, b: true, p: px(0.9), s: size, r: false, t: { limit: { tif: "Gtc" } } };
    let res;
    try {
      res = await other.order({ orders: [order], grouping: "na" });
    } catch (e) {
      expect(e?.name === "ApiRequestError" && /User or API Wallet 0x[0-9a-fA-F]{40} does not exist/.test(e.message),
        'rejected with "User or API Wallet 0x<recovered address> does not exist."', describeError(e));
      return e.message;
    }
    const oid = res?.response?.data?.statuses?.[0]?.resting?.oid;
    if (oid !== undefined) await other.cancel({ cancels: [{ a: state.asset, o: oid }] }).catch(() => {});
    const ours = (await info.openOrders({ user })).some((o) => o.oid === oid);
    throw new CheckFailed('an action signed for the other network must be refused ("User or API Wallet 0x.. does not exist."), '
      + `but it was accepted: ${short(res)}; in our openOrders: ${ours}`);
  });

  // ---- WebSocket post: the same info and exchange requests over the socket
  await check("ws.post.info", async () => {
    const wsInfo = new InfoClient({ transport: ws });
    const m = await wsInfo.allMids();
    expect(isNumStr(m?.BTC), "allMids over ws post", m);
    return { BTC: m.BTC };
  });

  await check("ws.post.exchange", async () => {
    const wsExchange = new ExchangeClient({ transport: ws, wallet });
    const res = await wsExchange.order({
      orders: [{ a: state.asset, b: true, p: px(0.9), s: size, r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    const [st] = onlyStatus(res, "order over ws post");
    expect(st?.resting && isInt(st.resting.oid), "a Gtc rests", res);
    const c = await wsExchange.cancel({ cancels: [{ a: state.asset, o: st.resting.oid }] });
    expect(c?.response?.data?.statuses?.[0] === "success", "cancel over ws post", c);
    return { oid: st.resting.oid };
  });

  // ---- a stop loss fires when the mark crosses it. Moving the mark is the one thing no SDK can do: with
  // POG_SIM_ADMIN=true (simulator started with --admin) the simulator's own admin endpoint jumps it; everything
  // else is placed and observed through the SDK.
  if (process.env.POG_SIM_ADMIN === "true") {
    await check("exchange.order.trigger.firesOnMark", async () => {
      const open = onlyStatus(await exchange.order({
        orders: [{ a: state.asset, b: true, p: px(1.02), s: size, r: false, t: { limit: { tif: "Ioc" } } }],
        grouping: "na",
      }), "Ioc buy")[0];
      expect(open?.filled, "a long is opened", open);
      const trig = px(0.97);
      const sl = onlyStatus(await exchange.order({
        orders: [{ a: state.asset, b: false, p: px(0.97 * 0.9), s: size, r: true,
          t: { trigger: { isMarket: true, triggerPx: trig, tpsl: "sl" } } }],
        grouping: "na",
      }), "sl")[0];
      expect(sl?.resting, "the stop rests", sl);
      const slOid = sl.resting.oid;
      const jumpTo = px(0.95);
      const r = await fetch(baseUrl.replace(/\/$/, "") + "/admin/faults", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jump: { coin: "BTC", px: jumpTo } }),
      });
      expect(r.ok, "the simulator's admin endpoint moved the mark (start it with --admin)", `${r.status} ${await r.text()}`);
      const fill = await eventually(`a fill of the stop (oid ${slOid}) after the mark jumped to ${jumpTo}`,
        async () => (await info.userFills({ user })).find((f) => f.oid === slOid), 10_000);
      expect(fill.dir === "Close Long" && fill.side === "A" && Number(fill.sz) === Number(size), "the stop closed the long", fill);
      const st = await info.orderStatus({ user, oid: slOid });
      expect(["triggered", "filled"].includes(st?.order?.status), "orderStatus of the stop: triggered or filled", st);
      const c = await info.clearinghouseState({ user });
      const p = c.assetPositions.find((x) => x.position.coin === "BTC");
      expect(!p || Number(p.position.szi) === 0, "flat after the stop", c.assetPositions);
      const streamed = await eventually("orderUpdates streamed the stop as filled",
        () => {
          const sts = events.orderUpdates.flat().filter((u) => u.order.oid === slOid).map((u) => u.status);
          return sts.includes("filled") && sts;
        });
      state.slFiredOid = slOid;
      return { triggerPx: trig, markJumpedTo: jumpTo, fill: { px: fill.px, sz: fill.sz, dir: fill.dir }, orderStatus: st.order.status, streamed };
    });
  }

  // ---- WebSocket events
  await check("ws.allMids", async () => {
    await eventually("an allMids event", () => events.allMids.length > 0);
    const e = events.allMids[events.allMids.length - 1];
    expect(e?.mids && isNumStr(e.mids.BTC), "{mids: {BTC: numeric string}}", e);
    await subscriptions.allMids.unsubscribe();
    return { events: events.allMids.length, BTC: e.mids.BTC, unsubscribed: true };
  });

  await check("ws.l2Book", async () => {
    await eventually("an l2Book event", () => events.l2Book.length > 0);
    const e = events.l2Book[events.l2Book.length - 1];
    expect(e?.coin === "BTC" && isInt(e.time), "{coin: BTC, time}", e);
    expectBookLevels(e.levels, "ws l2Book");
    return { events: events.l2Book.length, bid: e.levels[0][0], ask: e.levels[1][0] };
  });

  await check("ws.trades", async () => {
    const t = await eventually("a trade of our Ioc fill", () => events.trades.flat().find((x) => x.px !== undefined));
    expect(t.coin === "BTC" && (t.side === "B" || t.side === "A") && isNumStr(t.px) && isNumStr(t.sz) && isInt(t.time)
      && isHex(t.hash, 32) && isInt(t.tid) && Array.isArray(t.users) && t.users.length === 2,
      "trade {coin, side, px, sz, time, hash, tid, users[2]}", t);
    return { events: events.trades.length, first: t };
  });

  await check("ws.orderUpdates", async () => {
    const all = events.orderUpdates.flat();
    all.forEach((u) => {
      expect(u && isInt(u.statusTimestamp) && typeof u.status === "string", "{order, status, statusTimestamp}", u);
      expectOpenOrder(u.order, "orderUpdates.order");
    });
    const statuses = (oid) => all.filter((u) => u.order.oid === oid).map((u) => u.status);
    expect(statuses(state.gtcOid).includes("open") && statuses(state.gtcOid).includes("canceled"),
      `Gtc oid ${state.gtcOid}: open then canceled`, statuses(state.gtcOid));
    expect(statuses(state.iocOid).includes("filled"), `Ioc oid ${state.iocOid}: filled`, statuses(state.iocOid));
    expect(statuses(state.aloOid).includes("canceled"), `oid ${state.aloOid}: canceled (by hand: scheduleCancel is refused below $1M traded)`,
      statuses(state.aloOid));
    return { updates: all.length };
  });

  await check("ws.userFills", async () => {
    const first = events.userFills[0];
    expect(first?.isSnapshot === true && first.user === user && Array.isArray(first.fills),
      "the first message is the snapshot {isSnapshot: true, user, fills[]}", first);
    const live = events.userFills.filter((e) => !e.isSnapshot);
    live.forEach((e) => {
      expect(e.user === user && Array.isArray(e.fills), "{user, fills[]}", e);
      e.fills.forEach((f) => expectFill(f, "ws userFills"));
    });
    const oids = live.flatMap((e) => e.fills.map((f) => f.oid));
    expect(oids.includes(state.iocOid), `the Ioc fill (oid ${state.iocOid}) was streamed`, oids);
    if (state.slFiredOid !== undefined) expect(oids.includes(state.slFiredOid), `the stop's fill (oid ${state.slFiredOid}) was streamed`, oids);
    return { snapshotFills: first.fills.length, liveFills: oids.length };
  });

  await check("ws.userEvents", async () => {
    const fills = events.userEvents.filter((e) => e.fills).flatMap((e) => e.fills);
    fills.forEach((f) => expectFill(f, "ws userEvents fills"));
    expect(fills.some((f) => f.oid === state.iocOid), `a {fills: [...]} event with the Ioc fill (oid ${state.iocOid})`, events.userEvents);
    return { events: events.userEvents.length, kinds: [...new Set(events.userEvents.map((e) => Object.keys(e).join("+")))] };
  });

  await check("ws.ping", async () => {
    await eventually("a pong for the SDK's keep-alive ping", () => pongs > 0, 5_000);
    expect(wsOpens === 1 && wsCloses === 0, "one connection, never dropped (an unanswered ping would reconnect)", { wsOpens, wsCloses });
    return { pongs };
  });

  // ---- the rest of InfoClient the simulator serves (answers in the shapes of the SDK's response types)
  await check("info.historicalOrders", async () => {
    const h = await info.historicalOrders({ user });
    expect(Array.isArray(h) && h.length > 0, "our orders, in any state", h);
    for (const x of h.slice(0, 20)) {
      expectFrontendOrder(x.order, "historicalOrders[].order");
      expect(typeof x.status === "string" && isInt(x.statusTimestamp), "{order, status, statusTimestamp}", x);
    }
    expect(h.some((x) => x.status === "filled") && h.some((x) => x.status === "canceled"), "filled and canceled orders", h.map((x) => x.status));
    return { orders: h.length, statuses: [...new Set(h.map((x) => x.status))] };
  });

  await check("info.userRole", async () => {
    const r = await info.userRole({ user });
    expect(r?.role === "user", '{role: "user"} for our account', r);
    const nobody = await info.userRole({ user: "0x" + "d4".repeat(20) });
    expect(nobody?.role === "missing", '{role: "missing"} for an address that is no account', nobody);
    return r;
  });

  await check("info.userRateLimit", async () => {
    const r = await info.userRateLimit({ user });
    expect(isNumStr(r?.cumVlm) && isInt(r.nRequestsUsed) && isInt(r.nRequestsCap) && isInt(r.nRequestsSurplus),
      "{cumVlm, nRequestsUsed, nRequestsCap, nRequestsSurplus}", r);
    expect(r.nRequestsUsed > 0 && r.nRequestsCap >= 10_000 + Math.floor(Number(r.cumVlm)), "used > 0, cap = 10000 + volume", r);
    return r;
  });

  await check("info.userFees", async () => {
    const f = await info.userFees({ user });
    expect(Array.isArray(f?.dailyUserVlm) && f.feeSchedule && isNumStr(f.feeSchedule.cross) && isNumStr(f.userCrossRate)
      && isNumStr(f.userAddRate) && Array.isArray(f.feeSchedule.tiers?.vip), "{dailyUserVlm[], feeSchedule, userCrossRate, userAddRate}", f);
    return { cross: f.userCrossRate, add: f.userAddRate, days: f.dailyUserVlm.length };
  });

  await check("info.activeAssetData", async () => {
    const a = await info.activeAssetData({ user, coin: "BTC" });
    expect(a?.coin === "BTC" && a.user === user && (a.leverage?.type === "cross" || a.leverage?.type === "isolated")
      && a.maxTradeSzs?.length === 2 && a.availableToTrade?.length === 2 && isNumStr(a.markPx),
      "{user, coin, leverage, maxTradeSzs[2], availableToTrade[2], markPx}", a);
    return a;
  });

  await check("info.spotClearinghouseState", async () => {
    const sp = await info.spotClearinghouseState({ user });
    expect(Array.isArray(sp?.balances), "{balances: []}", sp);
    return sp;
  });

  await check("info.userFunding+fundingHistory+predictedFundings", async () => {
    const uf = await info.userFunding({ user, startTime: 0 });
    const fh = await info.fundingHistory({ coin: "BTC", startTime: 0 });
    const pf = await info.predictedFundings();
    expect(Array.isArray(uf) && Array.isArray(fh), "userFunding and fundingHistory are lists", { uf, fh });
    const btcPredicted = pf.find(([coin]) => coin === "BTC");
    expect(btcPredicted && isNumStr(btcPredicted[1][0][1].fundingRate) && isInt(btcPredicted[1][0][1].nextFundingTime),
      "predictedFundings [[coin, [[venue, {fundingRate, nextFundingTime}]]]]", pf);
    return { userFunding: uf.length, fundingHistory: fh.length, predicted: btcPredicted };
  });

  await check("info.exchangeStatus+extraAgents+portfolio", async () => {
    const st = await info.exchangeStatus();
    expect(isInt(st?.time) && "specialStatuses" in st, "{time, specialStatuses}", st);
    const ea = await info.extraAgents({ user });
    expect(Array.isArray(ea), "extraAgents is a list", ea);
    const pf = await info.portfolio({ user });
    expect(Array.isArray(pf) && pf.some(([period, d]) => period === "day" && Array.isArray(d.accountValueHistory) && isNumStr(d.vlm)),
      '[["day", {accountValueHistory, pnlHistory, vlm}], ...]', pf);
    return { exchangeStatus: st, extraAgents: ea.length, periods: pf.map(([p]) => p) };
  });

  await check("info.unknownUserCreatesNothing", async () => {
    const nobody = "0x" + "d5".repeat(20);
    const c = await info.clearinghouseState({ user: nobody });
    expect(c.marginSummary.accountValue === "0.0" && c.assetPositions.length === 0, "an unknown address is all zeros", c.marginSummary);
    const again = await info.userRole({ user: nobody });
    expect(again.role === "missing", "and asking did not make it an account", again);
    return c.marginSummary;
  });

  // ---- the rest of SubscriptionClient the simulator serves
  await subscribe("bbo", (l) => subs.bbo({ coin: "BTC" }, l));
  await subscribe("candle", (l) => subs.candle({ coin: "BTC", interval: "1m" }, l));
  await subscribe("activeAssetCtx", (l) => subs.activeAssetCtx({ coin: "BTC" }, l));
  await subscribe("activeAssetData", (l) => subs.activeAssetData({ user, coin: "BTC" }, l));
  await subscribe("webData3", (l) => subs.webData3({ user }, l));
  await subscribe("clearinghouseState", (l) => subs.clearinghouseState({ user }, l));
  await subscribe("openOrders", (l) => subs.openOrders({ user }, l));
  await subscribe("userFundings", (l) => subs.userFundings({ user }, l));
  await subscribe("userNonFundingLedgerUpdates", (l) => subs.userNonFundingLedgerUpdates({ user }, l));
  await subscribe("notification", (l) => subs.notification({ user }, l));

  await check("ws.marketFeeds", async () => {
    await eventually("bbo, candle and activeAssetCtx events", () => events.bbo.length > 0 && events.candle.length > 0
      && events.activeAssetCtx.length > 0);
    const b = events.bbo[0];
    expect(b.coin === "BTC" && isInt(b.time) && b.bbo.length === 2 && isNumStr(b.bbo[0].px) && isNumStr(b.bbo[1].px)
      && Number(b.bbo[0].px) < Number(b.bbo[1].px), "bbo {coin, time, bbo: [bid, ask]}", b);
    const k = events.candle[0];
    expect(k.s === "BTC" && k.i === "1m" && isInt(k.t) && isInt(k.T) && isNumStr(k.o) && isNumStr(k.c) && isInt(k.n), "candle {t, T, s, i, o, c, h, l, v, n}", k);
    const a = events.activeAssetCtx[0];
    expect(a.coin === "BTC" && isNumStr(a.ctx?.markPx) && isNumStr(a.ctx?.funding), "activeAssetCtx {coin, ctx: {markPx, funding, ...}}", a);
    return { bbo: b.bbo, candle: k.c, markPx: a.ctx.markPx };
  });

  await check("ws.userFeeds", async () => {
    await eventually("activeAssetData, webData3, clearinghouseState, openOrders, userFundings and ledger snapshots",
      () => events.activeAssetData.length > 0 && events.webData3.length > 0 && events.clearinghouseState.length > 0
        && events.openOrders.length > 0 && events.userFundings.length > 0 && events.userNonFundingLedgerUpdates.length > 0);
    expect(events.activeAssetData[0].user === user && events.activeAssetData[0].maxTradeSzs.length === 2, "activeAssetData", events.activeAssetData[0]);
    expect(events.webData3[0].userState?.user === user && Array.isArray(events.webData3[0].perpDexStates), "webData3 {userState, perpDexStates}", events.webData3[0]);
    expect(isNumStr(events.clearinghouseState[0].clearinghouseState?.marginSummary?.accountValue), "clearinghouseState {dex, user, clearinghouseState}", events.clearinghouseState[0]);
    expect(Array.isArray(events.openOrders[0].orders), "openOrders {dex, user, orders}", events.openOrders[0]);
    expect(events.userFundings[0].isSnapshot === true && Array.isArray(events.userFundings[0].fundings), "userFundings snapshot", events.userFundings[0]);
    expect(events.userNonFundingLedgerUpdates[0].isSnapshot === true, "userNonFundingLedgerUpdates snapshot", events.userNonFundingLedgerUpdates[0]);
    return { openOrders: events.openOrders[0].orders.length };
  });
}

// ------------------------------------------------------------------ summary

let crashed;
try {
  await main();
} catch (e) {
  crashed = describeError(e);
  emit({ call: "script", ok: false, detail: "crashed: " + crashed });
}
try {
  ws.close();
} catch {
  // closing is best effort
}

const unexpected = results.filter((r) => !r.ok && !KNOWN_GAPS[r.call]).map((r) => r.call);
const fixed = results.filter((r) => r.ok && KNOWN_GAPS[r.call]).map((r) => r.call);
const missingGaps = Object.keys(KNOWN_GAPS).filter((k) => !results.some((r) => r.call === k));
emit({
  summary: true,
  checks: results.length,
  passed: results.filter((r) => r.ok).length,
  knownGaps: Object.keys(KNOWN_GAPS),
  unexpectedFailures: unexpected,
  knownGapsNowPassing: fixed,
  knownGapsNotRun: missingGaps,
  crashed: crashed ?? null,
});
process.exit(unexpected.length === 0 && fixed.length === 0 && missingGaps.length === 0 && !crashed ? 0 : 1);
