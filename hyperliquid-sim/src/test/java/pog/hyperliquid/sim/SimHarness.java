package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.common.json.Json;
import pog.common.time.ManualClock;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Cloid;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/**
 * A simulator on port 0 with a hand-driven clock and no real-time feed, plus a signing client built on the
 * project's own signing code. Tests move marks with {@code exchange().jump} / {@code step()}.
 */
final class SimHarness implements AutoCloseable {
    /** 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600_000L;
    static final String KEY_A = "0x0123456789012345678901234567890123456789012345678901234567890123";
    static final String KEY_B = "0xe908f86dbb4d55ac876378565aafeabc187f6690f046459397b17d9b9a19688e";
    static final int BTC = 0;
    static final int ETH = 1;

    final Path dir;
    final ManualClock clock;
    final HyperliquidSimServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final L1Signer alice = new L1Signer(PrivateKey.fromHex(KEY_A), Network.TESTNET);
    final L1Signer bob = new L1Signer(PrivateKey.fromHex(KEY_B), Network.TESTNET);
    private long nonce = T0;

    SimHarness(Path dir) {
        this(dir, new ManualClock(T0));
    }

    SimHarness(Path dir, ManualClock clock) {
        this(dir, clock, config());
    }

    SimHarness(Path dir, ManualClock clock, HyperliquidSimConfig config) {
        this.dir = dir;
        this.clock = clock;
        this.server = HyperliquidSimServer.start(config, dir, clock, false);
    }

    /**
     * Alice and Bob are accounts (10,000 USDC each, funded when first created); nobody else is. The per-IP weight
     * budget and scheduleCancel's volume gate are off (their own tests switch them on): the clock stands still.
     */
    static HyperliquidSimConfig config() {
        return HyperliquidSimConfig.defaults().withPort(0).withAdmin(true).withIpWeightPerMinute(0)
                .withScheduleCancelMinVolume(BigDecimal.ZERO).withAccounts(java.util.Map.of(
                PrivateKey.fromHex(KEY_A).address().toString(), new BigDecimal("10000"),
                PrivateKey.fromHex(KEY_B).address().toString(), new BigDecimal("10000")));
    }

    HyperliquidSimulator sim() {
        return server.simulator();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    String alice() {
        return alice.signerAddress().toString();
    }

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Answer post(String path, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonNode info(String json) {
        Answer a = post("/info", json);
        if (a.status() != 200) {
            throw new AssertionError("info " + json + " -> " + a.status() + " " + a.body());
        }
        return a.json();
    }

    long nextNonce() {
        return ++nonce;
    }

    /** Continues nonces after {@code n} (a second harness on the same data directory must not reuse any). */
    void noncesAfter(long n) {
        nonce = n;
    }

    /** Signs {@code action} with {@code signer} and a fresh nonce and posts it to /exchange. */
    Answer exchange(L1Signer signer, ObjectNode action) {
        return exchange(signer, action, nextNonce());
    }

    Answer exchange(L1Signer signer, ObjectNode action, long n) {
        L1Action l1 = new L1Action(action, n);
        return post("/exchange", Json.write(l1.requestBody(signer.sign(l1))));
    }

    JsonNode ok(L1Signer signer, ObjectNode action) {
        Answer a = exchange(signer, action);
        if (a.status() != 200 || !"ok".equals(a.json().path("status").asText())) {
            throw new AssertionError("exchange " + action + " -> " + a.status() + " " + a.body());
        }
        return a.json();
    }

    static ObjectNode limit(int asset, boolean buy, String px, String sz, Tif tif, String cloid) {
        return Actions.order(List.of(new OrderWire(asset, buy, px, sz, false, new OrderTypeWire.Limit(tif),
                cloid == null ? null : Cloid.fromClientOrderId(cloid))), Grouping.NA);
    }

    static OrderWire stop(int asset, boolean buy, String triggerPx, String sz, boolean tp) {
        return new OrderWire(asset, buy, triggerPx, sz, true, new OrderTypeWire.Trigger(true, triggerPx,
                tp ? pog.hyperliquid.wire.Tpsl.TP : pog.hyperliquid.wire.Tpsl.SL), null);
    }

    void jump(String coin, String px) {
        sim().exchange().jump(coin, new BigDecimal(px));
    }

    /** Stops the server like a kill would leave it: nothing is flushed that was not already committed. */
    @Override
    public void close() {
        server.close();
    }
}
