package pog.pm.client;

import com.fasterxml.jackson.core.type.TypeReference;
import pog.common.auth.ControlToken;
import pog.common.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Speaks the trader contract to any trader by base URL; one instance (one connection pool) for all traders. */
public final class TraderClient implements AutoCloseable {
    private static final TypeReference<List<TraderPosition>> POSITIONS = new TypeReference<>() {
    };

    private final HttpClient http;
    private final ExecutorService executor;
    private final Duration timeout;
    private final ControlToken token;
    private final ControlToken readToken;

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
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "trader-client-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.timeout = timeout;
        this.token = token;
        this.readToken = readToken;
    }

    /** Never fails: every outcome, including errors, is a {@link HealthProbe}. */
    public CompletableFuture<HealthProbe> health(String baseUrl) {
        return health(baseUrl, timeout);
    }

    /** The same with its own timeout (a decision that cannot be taken back deserves a more patient look). */
    public CompletableFuture<HealthProbe> health(String baseUrl, Duration callTimeout) {
        long t0 = System.nanoTime();
        // our own executor, never the client's selector thread: callers launch processes and write SQLite here
        return get(baseUrl, "/api/health", callTimeout).handleAsync((resp, err) -> {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (err != null) {
                return classify(err, ms);
            }
            TraderHealth h;
            try {
                h = Json.mapper().readValue(resp.body(), TraderHealth.class);
            } catch (IOException e) {
                h = null;
            }
            if (h == null || h.service() == null || h.instance() == null) {
                return new HealthProbe(HealthProbe.Kind.FOREIGN, null, "GET /api/health answered HTTP "
                        + resp.statusCode() + " without the trader contract's identity", ms);
            }
            if (resp.statusCode() != 200 && "ok".equalsIgnoreCase(h.status())) {
                // a trader that reports itself with an error status is there but not well: degraded, not a stranger
                h = new TraderHealth(h.service(), h.instance(), h.pid(), h.version(), h.venue(), h.account(),
                        h.startedAt(), "HTTP " + resp.statusCode(), h.checks(), h.time(), h.paused(), h.haltReason());
            }
            return new HealthProbe(HealthProbe.Kind.ANSWERED, h, null, ms);
        }, executor);
    }

    public CompletableFuture<List<TraderPosition>> positions(String baseUrl) {
        return get(baseUrl, "/api/positions").thenApplyAsync(r -> parse(r, POSITIONS), executor);
    }

    public CompletableFuture<TraderAccount> account(String baseUrl) {
        return get(baseUrl, "/api/account").thenApplyAsync(r -> parse(r, new TypeReference<TraderAccount>() {
        }), executor);
    }

    /** POST /api/{action} with the control token; completes with the HTTP status. */
    public CompletableFuture<Integer> control(String baseUrl, String action, Duration callTimeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/" + action))
                .timeout(callTimeout)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApplyAsync(HttpResponse::statusCode, executor);
    }

    private CompletableFuture<HttpResponse<byte[]>> get(String baseUrl, String path) {
        return get(baseUrl, path, timeout);
    }

    private CompletableFuture<HttpResponse<byte[]>> get(String baseUrl, String path, Duration callTimeout) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(callTimeout).GET();
            if (readToken != null && baseUrl.startsWith("https:")) {
                // only over TLS: the read token never crosses a network in clear
                b.header("Authorization", "Bearer " + readToken.reveal());
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> T parse(HttpResponse<byte[]> r, TypeReference<T> type) {
        if (r.statusCode() != 200) {
            throw new CompletionException(new IOException(r.uri().getPath() + " answered HTTP " + r.statusCode()));
        }
        try {
            return Json.mapper().readValue(r.body(), type);
        } catch (IOException e) {
            throw new CompletionException(new IOException(r.uri().getPath() + " answer is not the trader contract"));
        }
    }

    /** Connection refused means the port is free; anything else means something holds it. */
    static HealthProbe classify(Throwable err, long ms) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null, "connect timed out", ms);
            }
            if (t instanceof ConnectException) {
                return new HealthProbe(HealthProbe.Kind.NOTHING, null, "connection refused", ms);
            }
            if (t instanceof HttpTimeoutException) {
                return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null, "no answer within timeout", ms);
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
