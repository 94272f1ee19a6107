package pog.pm.client;

import com.fasterxml.jackson.core.type.TypeReference;
import pog.common.auth.ControlToken;
import pog.common.json.Json;
import pog.contract.AccountView;
import pog.contract.Health;
import pog.contract.PositionView;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Speaks the trader contract to any trader by base URL. Calls are plain blocking HTTP/1.1 on a small pool of
 * threads over the JDK's kept-alive connections ({@link HttpURLConnection}): PM reads every trader every couple of
 * seconds, and per request this costs a fraction of what {@code java.net.http}'s asynchronous pipeline costs, which
 * is what PM's idle CPU is made of.
 */
public final class TraderClient implements AutoCloseable {
    private static final TypeReference<List<PositionView>> POSITIONS = new TypeReference<>() {
    };
    private static final TypeReference<AccountView> ACCOUNT = new TypeReference<>() {
    };

    private final ExecutorService executor;
    private final Duration timeout;
    private final ControlToken token;
    private final ControlToken readToken;
    /** Verifies traders' HTTPS certificates (tls.caFile); null: the JVM's default trust. */
    private final javax.net.ssl.SSLSocketFactory tlsSockets;

    private volatile String watcher;

    /**
     * Marks every request as a watcher's ({@code X-PoG-Watcher}); only PM's monitor is one: {@code pog status}
     * reading a trader directly does not keep its "nobody watching" alert quiet.
     */
    public TraderClient watcher(String name) {
        this.watcher = name;
        return this;
    }

    /** What a trader answered: the HTTP status and the body. */
    public record Reply(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public Duration timeout() {
        return timeout;
    }

    public TraderClient(Duration timeout, ControlToken token) {
        this(timeout, token, null, null);
    }

    /**
     * A client that verifies HTTPS traders against {@code tls} (null: the JVM's default trust) and shows
     * {@code readToken} (null: none) when reading, as traders on other hosts require.
     */
    public TraderClient(Duration timeout, ControlToken token, javax.net.ssl.SSLContext tls, ControlToken readToken) {
        AtomicInteger n = new AtomicInteger();
        // each call holds a thread for its round trip (a hung trader: up to the timeout), so a few more than cores
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "trader-client-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
        this.token = token;
        this.readToken = readToken;
        this.tlsSockets = tls == null ? null : tls.getSocketFactory();
    }

    /**
     * The client PM's configuration describes: traders' HTTPS certificates verified against {@code caFile} (null: the
     * JVM's default trust) and {@code readTokenFile}'s token shown when reading (null: none). Both files are read now,
     * so a bad one is refused before anything is asked of a trader. PM and the CLI's direct paths share it: a remote
     * trader is reached the same way whether PM or a person asks.
     */
    public static TraderClient of(Duration timeout, ControlToken token, java.nio.file.Path caFile,
                                  java.nio.file.Path readTokenFile) throws IOException {
        javax.net.ssl.SSLContext tls = caFile == null ? null : pog.common.tls.Pem.clientContext(caFile);
        ControlToken read = readTokenFile == null ? null
                : ControlToken.of(pog.common.fs.SecretFiles.readSecret(readTokenFile));
        return new TraderClient(timeout, token, tls, read);
    }

    /** Never fails: every outcome, including errors, is a {@link HealthProbe}. */
    public CompletableFuture<HealthProbe> health(String baseUrl) {
        return health(baseUrl, timeout);
    }

    /** The same with its own timeout (a decision that cannot be taken back deserves a more patient look). */
    public CompletableFuture<HealthProbe> health(String baseUrl, Duration callTimeout) {
        long t0 = System.nanoTime();
        return get(baseUrl, "/api/health", callTimeout).handle((resp, err) -> {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (err != null) {
                return classify(err, ms);
            }
            Health h;
            try {
                h = Json.mapper().readValue(resp.body(), Health.class);
            } catch (IOException e) {
                h = null;
            }
            if (h == null || h.service() == null || h.instance() == null) {
                return new HealthProbe(HealthProbe.Kind.FOREIGN, null, "GET /api/health answered HTTP "
                        + resp.status() + " without the trader contract's identity", ms);
            }
            if (resp.status() != 200 && "ok".equalsIgnoreCase(h.status())) {
                // a trader that reports itself with an error status is there but not well: degraded, not a stranger
                h = new Health(h.service(), h.instance(), h.pid(), h.version(), h.venue(), h.account(),
                        h.startedAt(), "HTTP " + resp.status(), h.strategy(), h.paused(), h.haltReason(), h.checks(),
                        h.time());
            }
            return new HealthProbe(HealthProbe.Kind.ANSWERED, h, null, ms);
        });
    }

    public CompletableFuture<List<PositionView>> positions(String baseUrl) {
        return get(baseUrl, "/api/positions", timeout).thenApply(r -> parse(r, "/api/positions", POSITIONS));
    }

    public CompletableFuture<AccountView> account(String baseUrl) {
        return get(baseUrl, "/api/account", timeout).thenApply(r -> parse(r, "/api/account", ACCOUNT));
    }

    /** POST /api/{action} with the control token; completes with the HTTP status. */
    public CompletableFuture<Integer> control(String baseUrl, String action, Duration callTimeout) {
        return controlAnswer(baseUrl, action, callTimeout).thenApply(Reply::status);
    }

    /** POST /api/{action} with the control token; completes with the trader's answer. */
    public CompletableFuture<Reply> controlAnswer(String baseUrl, String action, Duration callTimeout) {
        return CompletableFuture.supplyAsync(() -> call("POST", baseUrl + "/api/" + action, true, callTimeout),
                executor);
    }

    private CompletableFuture<Reply> get(String baseUrl, String path, Duration callTimeout) {
        try {
            return CompletableFuture.supplyAsync(() -> call("GET", baseUrl + path, false, callTimeout), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Reply call(String method, String url, boolean control, Duration callTimeout) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, callTimeout.toMillis()));
            c.setConnectTimeout(ms);
            c.setReadTimeout(ms);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            if (tlsSockets != null && c instanceof javax.net.ssl.HttpsURLConnection https) {
                https.setSSLSocketFactory(tlsSockets);
            }
            if (!control && readToken != null && url.startsWith("https:")) {
                // only over TLS: the read token never crosses a network in clear
                c.setRequestProperty("Authorization", "Bearer " + readToken.reveal());
            }
            if (watcher != null) {
                // a trader that stops seeing this for alerts.nobodyWatchingMs alerts on its own
                c.setRequestProperty("X-PoG-Watcher", watcher);
            }
            if (control) {
                c.setRequestProperty("Authorization", "Bearer " + token.reveal());
                c.setRequestProperty("Content-Type", "application/json");
                c.setDoOutput(true);
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body;
            if (in == null) {
                body = new byte[0];
            } else {
                // read to the end and close (not disconnect): the connection goes back to the keep-alive cache
                try (in) {
                    body = in.readAllBytes();
                }
            }
            return new Reply(status, body);
        } catch (IOException | IllegalArgumentException e) {
            throw new CompletionException(e);
        }
    }

    private static <T> T parse(Reply r, String path, TypeReference<T> type) {
        if (r.status() != 200) {
            throw new CompletionException(new IOException(path + " answered HTTP " + r.status()));
        }
        try {
            return Json.mapper().readValue(r.body(), type);
        } catch (IOException e) {
            throw new CompletionException(new IOException(path + " answer is not the trader contract"));
        }
    }

    /** Connection refused means the port is free; anything else means something holds it. */
    static HealthProbe classify(Throwable err, long ms) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new HealthProbe(HealthProbe.Kind.NOTHING, null, "connection refused", ms);
            }
            if (t instanceof SocketTimeoutException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null,
                        m.contains("connect") ? "connect timed out" : "no answer within timeout", ms);
            }
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null, "TLS handshake failed: its certificate is "
                        + "not signed by tls.caFile or does not name this host", ms);
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null, "TLS failed (is it serving plain HTTP?)", ms);
            }
        }
        Throwable root = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null, "no valid answer: " + root.getClass().getSimpleName(), ms);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
