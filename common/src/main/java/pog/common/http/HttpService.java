package pog.common.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.auth.ControlToken;
import pog.common.json.Json;
import pog.common.tls.Pem;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of every PoG service, on Jetty's core server (no servlets). Routes are plain method + path
 * templates; control routes need the control token; every failure leaves as a JSON error, never a stack trace.
 *
 * <p>What a hostile or careless client gets is bounded (docs/http.md lists each case): headers are parsed as bytes
 * arrive, so a slow client holds no thread, and one that has not sent its headers in time is closed; connections
 * per client address are capped; SSE streams are written without a thread per client; request line and headers
 * over the limit get 414/431, bodies 413 before any handler runs; a {@code Host} this service does not answer to
 * gets 421 (DNS rebinding), a foreign {@code Origin} on a state-changing request 403.
 */
public final class HttpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpService.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    static {
        // Jetty sizes its padding against false sharing by asking the platform MBean server whether oops are
        // compressed: ~60-100 ms of start-up for a hint. PoG heaps are far below 32 GiB, so they are (4-byte refs).
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Scheduler scheduler;
    private final List<Route> routes;
    private final ControlToken token;
    private final ControlToken readToken;
    private final boolean tls;
    private final HostPolicy hosts;
    private final int maxBodyBytes;
    private final List<SseHub> hubs;
    private final String host;
    private final long keepAliveMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;

    private HttpService(Builder b, Server server, ServerConnector connector, Scheduler scheduler) {
        this.server = server;
        this.connector = connector;
        this.scheduler = scheduler;
        this.routes = List.copyOf(b.routes);
        this.token = b.token;
        this.readToken = b.readToken;
        this.tls = b.certFile != null;
        this.hosts = new HostPolicy(b.bind, b.hostNames);
        this.maxBodyBytes = b.maxBodyBytes;
        this.hubs = List.copyOf(b.hubs);
        this.host = b.bind;
        this.keepAliveMillis = b.keepAliveMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Throws a {@link BindException} naming the port when something already listens there (port 0: never). */
    public static void requirePortFree(String host, int port) throws IOException {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new BindException("port " + port + " on " + host + " is already in use");
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String baseUrl() {
        String h;
        try {
            InetAddress a = InetAddress.getByName(host);
            h = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
            if (h.indexOf(':') >= 0) {
                h = "[" + h + "]";
            }
        } catch (IOException e) {
            h = host;
        }
        return (tls ? "https://" : "http://") + h + ":" + port();
    }

    /**
     * Ends every SSE stream, gives answers in flight (e.g. the reply to {@code POST /api/shutdown}) up to a second to
     * reach their callers, then stops listening.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        hubs.forEach(SseHub::closeAll);
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("event=http_stop_failed error={}", e.toString());
        }
    }

    private final class Dispatcher extends org.eclipse.jetty.server.Handler.Abstract {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request req, org.eclipse.jetty.server.Response resp,
                              Callback callback) {
            inFlight.incrementAndGet();
            Callback done = Callback.from(() -> {
                inFlight.decrementAndGet();
                callback.succeeded();
            }, x -> {
                inFlight.decrementAndGet();
                callback.failed(x);
            });
            String method = req.getMethod();
            String path = req.getHttpURI().getPath();
            try {
                String hostName = req.getHttpURI().getHost();
                if (!hosts.hostAllowed(hostName)) {
                    throw new ApiException(421, "misdirected request", "this service does not answer to the host name '"
                            + clip(hostName) + "'; add it to hostNames to allow it");
                }
                // routes match segment by segment on the path as sent, each segment decoded on its own: an encoded
                // "/" or ".." stays inside its segment (a parameter a handler can refuse), never a path step
                String[] segments = decodedSegments(path);
                String shown = String.join("/", segments);
                Map<String, String> params = new HashMap<>();
                Route route = null;
                boolean pathKnown = false;
                for (Route r : routes) {
                    params.clear();
                    if (r.matches(segments, params)) {
                        pathKnown = true;
                        if (r.method.equals(method) || (r.method.equals("GET") && method.equals("HEAD"))) {
                            route = r;
                            break;
                        }
                    }
                }
                if (route == null) {
                    throw pathKnown ? new ApiException(405, "method not allowed", method + " " + shown)
                            : ApiException.notFound("no such endpoint: " + method + " " + shown);
                }
                String origin = req.getHeaders().get(HttpHeader.ORIGIN);
                if (!method.equals("GET") && !method.equals("HEAD") && origin != null && !origin.isEmpty()
                        && !hosts.originAllowed(origin, port())) {
                    throw new ApiException(403, "forbidden", "cross-origin request refused");
                }
                if (!route.controlled && readToken != null && !loopback(req.getConnectionMetaData().getRemoteSocketAddress())
                        && !readerAllowed(req.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    throw new ApiException(401, "unauthorized", "reading this service from another host needs the "
                            + "read token (Authorization: Bearer)");
                }
                if (route.controlled && (token == null
                        || !token.matchesBearer(req.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
                    throw new ApiException(401, "unauthorized", "missing or wrong control token");
                }
                Map<String, String> query = Request.parseQuery(req.getHttpURI().getQuery());
                if (route.sse != null) {
                    // counted in flight like any answer: close() ends the streams first, then waits for them
                    stream(req, resp, done, route.sse);
                    return true;
                }
                long length = req.getLength();
                if (length > maxBodyBytes) {
                    resp.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                    throw tooLarge();
                }
                Route matched = route;
                Map<String, String> pathParams = Map.copyOf(params);
                boolean chunked = length < 0 && req.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
                if (length == 0 || (length < 0 && !chunked)) {
                    invoke(matched, new Request(req, shown, pathParams, query, new byte[0]), resp, done);
                    return true;
                }
                // the body arrives without holding a thread; the handler runs once all of it is here, on a request
                // thread (the one that called us when the body was already in, else the pool's)
                Executor pool = server.getThreadPool();
                Thread caller = Thread.currentThread();
                BodyReader.read(req, maxBodyBytes, bytes -> {
                    Runnable then = () -> {
                        if (bytes == BodyReader.TOO_LARGE) {
                            resp.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                            send(req, resp, done, tooLarge());
                        } else {
                            invoke(matched, new Request(req, shown, pathParams, query, bytes), resp, done);
                        }
                    };
                    if (Thread.currentThread() == caller) {
                        then.run();
                    } else {
                        pool.execute(then);
                    }
                }, failure -> send(req, resp, done, ApiException.badRequest("could not read the request body")));
            } catch (ApiException e) {
                send(req, resp, done, e);
            } catch (RuntimeException | LinkageError e) {
                log.error("event=http_error method={} path={} error={}", method, path, e.toString(), e);
                send(req, resp, done, internal());
            }
            return true;
        }
    }

    /** A reader from another host shows the read token; the control token, which allows more, allows reading too. */
    private boolean readerAllowed(String authorization) {
        return readToken.matchesBearer(authorization) || (token != null && token.matchesBearer(authorization));
    }

    private static boolean loopback(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }

    /** True when {@code host} is a loopback address (see {@link Loopback#is}). */
    public static boolean isLoopback(String host) {
        return Loopback.is(host);
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload too large", "request body over " + maxBodyBytes + " bytes");
    }

    private static ApiException internal() {
        return new ApiException(500, "internal error", "the server could not complete the request");
    }

    private static String[] decodedSegments(String rawPath) {
        String[] parts = (rawPath == null || rawPath.isEmpty() ? "/" : rawPath).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].indexOf('%') >= 0) {
                try {
                    parts[i] = URIUtil.decodePath(parts[i]);
                } catch (RuntimeException e) {
                    throw ApiException.badRequest("malformed escape in the path");
                }
            }
        }
        return parts;
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    private void invoke(Route route, Request request, org.eclipse.jetty.server.Response resp, Callback done) {
        org.eclipse.jetty.server.Request req = request.jetty();
        // a handler may take long (stopping a trader waits for it): that is not the client's idleness
        req.addIdleTimeoutListener(t -> false);
        try {
            Object result = route.handler.handle(request);
            if (result instanceof Response r) {
                write(req, resp, done, r.status(), r.contentType(), r.body());
            } else {
                write(req, resp, done, 200, "application/json", Json.bytes(result));
            }
        } catch (ApiException e) {
            send(req, resp, done, e);
        } catch (Exception | LinkageError e) {
            // a bug, or a class that failed to load, still gets a JSON answer: never a dropped connection
            log.error("event=http_error method={} path={} error={}", request.method(), request.path(), e.toString(), e);
            send(req, resp, done, internal());
        }
    }

    private static void send(org.eclipse.jetty.server.Request req, org.eclipse.jetty.server.Response resp,
                             Callback done, ApiException e) {
        write(req, resp, done, e.status(), "application/json", Json.bytes(new ErrorBody(e.error(), e.detail())));
    }

    private static void write(org.eclipse.jetty.server.Request req, org.eclipse.jetty.server.Response resp,
                              Callback done, int status, String contentType, byte[] body) {
        resp.setStatus(status);
        HttpFields.Mutable headers = resp.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, contentType.contains("charset") || !contentType.startsWith("text")
                && !contentType.equals("application/json") ? contentType : contentType + "; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        if (req.getMethod().equals("HEAD")) {
            resp.write(true, EMPTY, done);
        } else {
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
            resp.write(true, ByteBuffer.wrap(body), done);
        }
    }

    private void stream(org.eclipse.jetty.server.Request req, org.eclipse.jetty.server.Response resp,
                        Callback callback, SseHub hub) {
        resp.setStatus(200);
        HttpFields.Mutable headers = resp.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Accel-Buffering", "no");
        headers.put("X-Content-Type-Options", "nosniff");
        SseChannel channel = new SseChannel();
        SseStream writer = new SseStream(channel, hub, resp, callback);
        channel.onReady(writer::iterate);
        // quiet stretches between events are normal; a client that stops reading fails its pending write instead
        req.addIdleTimeoutListener(t -> false);
        req.addFailureListener(x -> channel.close());
        if (req.getMethod().equals("HEAD")) {
            channel.close();
            return;
        }
        channel.offer(": connected\n\n");
        try {
            hub.add(channel);
        } catch (RuntimeException e) {
            // the hub's greeting (e.g. a snapshot) failed: end this stream rather than leave it half-open
            log.error("event=sse_connect_failed path={} error={}", req.getHttpURI().getPath(), e.toString(), e);
            channel.close();
        }
        if (stopping) {
            channel.close();
        }
    }

    private void keepAlive() {
        if (stopping) {
            return;
        }
        for (SseHub hub : hubs) {
            for (SseChannel c : hub.channels()) {
                c.keepAlive();
            }
        }
        scheduler.schedule(this::keepAlive, keepAliveMillis, TimeUnit.MILLISECONDS);
    }

    private static final class Route {
        final String method;
        final String[] segments;
        final Handler handler;
        final SseHub sse;
        final boolean controlled;

        Route(String method, String template, Handler handler, SseHub sse, boolean controlled) {
            this.method = method;
            this.segments = template.split("/", -1);
            this.handler = handler;
            this.sse = sse;
            this.controlled = controlled;
        }

        boolean matches(String[] parts, Map<String, String> params) {
            if (parts.length != segments.length) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return false;
                    }
                    params.put(s.substring(1, s.length() - 1), parts[i]);
                } else if (!s.equals(parts[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private final List<SseHub> hubs = new ArrayList<>();
        private final List<String> hostNames = new ArrayList<>();
        private ControlToken token;
        private ControlToken readToken;
        private Path certFile;
        private Path keyFile;
        private String bind = "127.0.0.1";
        private int port;
        private int maxBodyBytes = 64 * 1024;
        private int maxHeaderBytes = 8 * 1024;
        private long idleMillis = 30_000;
        private long headerMillis = 10_000;
        private int perAddress = 64;
        private int perLoopback = 1024;
        private int maxThreads = 32;
        private long keepAliveMillis = 15_000;

        public Builder bind(String host, int port) {
            this.bind = host;
            this.port = port;
            return this;
        }

        public Builder token(ControlToken token) {
            this.token = token;
            return this;
        }

        /**
         * The token a client on another host must show to read (every route but control ones); loopback clients
         * read without it. Null (the default): reading needs no token.
         */
        public Builder readToken(ControlToken readToken) {
            this.readToken = readToken;
            return this;
        }

        /** Serve HTTPS with this PEM certificate (chain) and PEM private key; null: plain HTTP. */
        public Builder tls(Path certFile, Path keyFile) {
            this.certFile = certFile;
            this.keyFile = keyFile;
            return this;
        }

        /**
         * Host names (beyond localhost, IP literals and the bind address) this service answers to in {@code Host}
         * and accepts in {@code Origin}; an entry {@code name:port} also accepts that origin port (a proxy in front).
         */
        public Builder hostNames(Collection<String> names) {
            if (names != null) {
                names.stream().filter(n -> n != null && !n.isBlank()).forEach(hostNames::add);
            }
            return this;
        }

        /** The largest request body any route accepts (default 64 KiB); a larger one gets 413 and no handler runs. */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = positive(bytes, "maxBodyBytes");
            return this;
        }

        /** The largest request line plus headers (default 8 KiB): a longer URL gets 414, longer headers 431. */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = positive(bytes, "maxHeaderBytes");
            return this;
        }

        /** How long a connection may sit without a byte in either direction (default 30 s; SSE sends every 15 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleMillis = positive((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), "idleTimeout");
            return this;
        }

        /** How long a new connection has to deliver its first request's headers (default 10 s). */
        public Builder headerTimeout(Duration timeout) {
            this.headerMillis = positive((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), "headerTimeout");
            return this;
        }

        /**
         * Open connections allowed per client address (default 64) and for all loopback clients together (default
         * 1024: local supervisors must not be locked out); a connection over the cap is closed at once.
         */
        public Builder maxConnectionsPerClient(int perAddress, int perLoopback) {
            this.perAddress = positive(perAddress, "perAddress");
            this.perLoopback = positive(perLoopback, "perLoopback");
            return this;
        }

        /** How often SSE clients get a keep-alive comment (15 s; shorter only in tests). */
        Builder keepAlive(Duration every) {
            this.keepAliveMillis = positive((int) Math.min(Integer.MAX_VALUE, every.toMillis()), "keepAlive");
            return this;
        }

        public Builder get(String path, Handler handler) {
            routes.add(new Route("GET", path, handler, null, false));
            return this;
        }

        public Builder post(String path, Handler handler) {
            routes.add(new Route("POST", path, handler, null, false));
            return this;
        }

        /** A POST that needs {@code Authorization: Bearer <control token>}. */
        public Builder control(String path, Handler handler) {
            routes.add(new Route("POST", path, handler, null, true));
            return this;
        }

        public Builder sse(String path, SseHub hub) {
            routes.add(new Route("GET", path, null, hub, false));
            hubs.add(hub);
            return this;
        }

        /** Binds and starts serving; a port in use becomes a {@link BindException} naming it. */
        public HttpService start() throws IOException {
            // bounded threads; the job queue is not bounded by itself but by the connection caps
            QueuedThreadPool pool = new QueuedThreadPool(maxThreads, 2, 30_000);
            pool.setName("http");
            pool.setDaemon(true);
            pool.setStopTimeout(1_000);
            // no reserved spare threads: a throughput trick PoG's traffic does not need, and it warned at every stop
            pool.setReservedThreads(0);
            ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("http-scheduler", true);
            Server server = new Server(pool, scheduler, null);
            server.setStopTimeout(0);
            HttpConfiguration config = new HttpConfiguration();
            config.setRequestHeaderSize(maxHeaderBytes);
            // encoded separators and dot segments are not ambiguous here: routing never decodes across segments
            config.setUriCompliance(UriCompliance.DEFAULT.with("pog", UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                    UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
            config.setSendServerVersion(false);
            config.setSendXPoweredBy(false);
            JsonErrorHandler errors = new JsonErrorHandler(maxHeaderBytes, maxBodyBytes);
            server.setErrorHandler(errors);
            // no acceptor thread: the one selector accepts, parses and writes without blocking
            HttpConnectionFactory http = new HttpConnectionFactory(config);
            ServerConnector connector = certFile == null ? new ServerConnector(server, 0, 1, http)
                    : new ServerConnector(server, 0, 1, new SslConnectionFactory(sslContext(), http.getProtocol()), http);
            connector.setHost(bind);
            connector.setPort(port);
            connector.setIdleTimeout(idleMillis);
            connector.setAcceptQueueSize(128);
            connector.addBean(new ConnectionGuard(perAddress, perLoopback, headerMillis, scheduler));
            server.addConnector(connector);
            HttpService service = new HttpService(this, server, connector, scheduler);
            server.setHandler(service.new Dispatcher());
            try {
                server.start();
            } catch (Exception e) {
                stopQuietly(server);
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof BindException) {
                        throw new BindException("port " + port + " on " + bind + " is already in use");
                    }
                }
                if (e instanceof IOException io) {
                    throw new IOException("could not listen on " + bind + ":" + port + ": " + io.getMessage(), io);
                }
                throw new IOException("could not start the HTTP server on " + bind + ":" + port, e);
            }
            scheduler.schedule(service::keepAlive, keepAliveMillis, TimeUnit.MILLISECONDS);
            return service;
        }

        private SslContextFactory.Server sslContext() throws IOException {
            if (keyFile == null) {
                throw new IOException("tls: a certificate file needs its key file");
            }
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(Pem.keyStore(certFile, keyFile));
            ssl.setKeyStorePassword(new String(Pem.storePassword()));
            // TLS 1.2 and 1.3 only; clients verify the certificate's names, the Host check guards the rest
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ssl.setSniRequired(false);
            return ssl;
        }

        private static void stopQuietly(Server server) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // it never started; nothing to release beyond what stop already tried
            }
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + v);
            }
            return v;
        }
    }
}
