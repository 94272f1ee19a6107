package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;
import pog.common.time.ManualClock;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.OrderType;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxBody;
import pog.lighter.signer.tx.TxSigner;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A simulator on port 0 with a hand-driven clock and no real-time feed, and a signer for account 7, API key 3. */
final class SimHarness implements AutoCloseable {
    /** 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600_000L;
    static final long ACCOUNT = 7;
    static final int API_KEY = 3;
    static final int ETH = 0;
    static final int BTC = 1;

    final Path dir;
    final ManualClock clock;
    LighterSimServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final TxSigner signer;
    long nonce = 0;

    SimHarness(Path dir) {
        this(dir, new ManualClock(T0), PrivateKey.generate(new SecureRandom()));
    }

    SimHarness(Path dir, ManualClock clock, PrivateKey key) {
        this.dir = dir;
        this.clock = clock;
        this.signer = new TxSigner(key, LighterSimConfig.DEFAULT_CHAIN_ID, ACCOUNT, API_KEY);
        this.server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0).withAdmin(true), dir, clock, false);
    }

    LighterSimulator sim() {
        return server.simulator();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    JsonNode register() throws Exception {
        return post("/api/v1/sim/registerApiKey", "account_index", Long.toString(ACCOUNT), "api_key_index",
                Integer.toString(API_KEY), "public_key", signer.key().publicKeyHex()).body;
    }

    SignedTx sign(TxBody body) {
        return signer.sign(body, nonce++, clock.millis() + 600_000);
    }

    Answer send(TxBody body) throws Exception {
        return send(sign(body));
    }

    Answer send(SignedTx tx) throws Exception {
        return post("/api/v1/sendTx", "tx_type", Integer.toString(tx.txType()), "tx_info", tx.txInfo());
    }

    static CreateOrder limit(int market, long coi, long base, long price, boolean ask) {
        return new CreateOrder(market, coi, base, price, ask ? 1 : 0, OrderType.LIMIT, TimeInForce.GOOD_TILL_TIME, 0, 0,
                T0 + 28L * 86_400_000);
    }

    static CreateOrder market(int market, long coi, long base, long worstPrice, boolean ask) {
        return new CreateOrder(market, coi, base, worstPrice, ask ? 1 : 0, OrderType.MARKET,
                TimeInForce.IMMEDIATE_OR_CANCEL, 0, 0, 0);
    }

    static CreateOrder stopLoss(int market, long coi, long base, long trigger, long worstPrice, boolean ask) {
        return new CreateOrder(market, coi, base, worstPrice, ask ? 1 : 0, OrderType.STOP_LOSS,
                TimeInForce.IMMEDIATE_OR_CANCEL, 1, trigger, T0 + 28L * 86_400_000);
    }

    String auth() {
        return signer.authToken(clock.millis() / 1000 + 3600);
    }

    JsonNode activeOrders(int market) throws Exception {
        return get("/api/v1/accountActiveOrders?account_index=" + ACCOUNT + "&market_id=" + market + "&auth="
                + URLEncoder.encode(auth(), StandardCharsets.UTF_8)).body;
    }

    record Answer(int status, JsonNode body) {
    }

    Answer get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Json.mapper().readTree(r.body()));
    }

    Answer post(String path, String... form) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < form.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(form[i]).append('=').append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Json.mapper().readTree(r.body()));
    }

    /**
     * A WebSocket on {@code /stream}: each frame, parsed as JSON, lands in {@code received}; {@code closed} completes
     * with "status reason" when the server closes it.
     */
    WebSocket stream(List<JsonNode> received, CompletableFuture<String> closed) throws Exception {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/stream"),
                new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                received.add(Json.mapper().readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        closed.complete(status + " " + reason);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    void restart() {
        server.close();
        server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0).withAdmin(true), dir, clock, false);
    }

    @Override
    public void close() {
        server.close();
    }
}
