package pog.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.auth.ControlToken;
import pog.common.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of every PoG service, on the JDK's own server (first response in a fraction of a second, small
 * footprint). Routes are plain method + path templates; control routes need the control token; every failure
 * leaves as a JSON error, never a stack trace.
 */
public final class HttpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpService.class);
    private static final int MAX_THREADS = 64;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final ControlToken token;
    private final List<SseHub> hubs = new ArrayList<>();
    private volatile boolean stopping;
    private final AtomicInteger inFlight = new AtomicInteger();

    private HttpService(HttpServer server, ExecutorService executor, List<Route> routes, ControlToken token) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.token = token;
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
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : server.getAddress().getAddress().getHostAddress();
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        stopping = true;
        hubs.forEach(SseHub::closeAll);
        // up to a second for answers in flight (e.g. the reply to POST /api/shutdown) to reach their callers;
        // HttpServer.stop(delay) on Java 17 waits the whole delay even when idle, so count them ourselves
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> params = new HashMap<>();
            Route route = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                params.clear();
                if (r.matches(path, params)) {
                    pathKnown = true;
                    if (r.method.equals(method) || (r.method.equals("GET") && method.equals("HEAD"))) {
                        route = r;
                        break;
                    }
                }
            }
            if (route == null) {
                send(exchange, pathKnown ? new ApiException(405, "method not allowed", method + " " + path)
                        : ApiException.notFound("no such endpoint: " + method + " " + path));
                return;
            }
            Request request = new Request(exchange, Map.copyOf(params));
            inFlight.incrementAndGet();
            try {
                if (!method.equals("GET") && !method.equals("HEAD") && !sameOrigin(exchange)) {
                    throw new ApiException(403, "forbidden", "cross-origin request refused");
                }
                if (route.controlled && (token == null || !token.matchesBearer(request.header("Authorization")))) {
                    throw new ApiException(401, "unauthorized", "missing or wrong control token");
                }
                if (route.sse != null) {
                    inFlight.decrementAndGet();
                    try {
                        stream(exchange, route.sse);
                    } catch (IOException clientGone) {
                        // the client closed the stream: nothing to answer and nothing wrong
                    } finally {
                        inFlight.incrementAndGet();
                    }
                    return;
                }
                respond(exchange, route.handler.handle(request));
            } catch (ApiException e) {
                send(exchange, e);
            } catch (Exception | LinkageError e) {
                // a bug, or a class that failed to load, still gets a JSON answer: never a dropped connection
                log.error("event=http_error method={} path={} error={}", method, path, e.toString(), e);
                send(exchange, new ApiException(500, "internal error", "the server could not complete the request"));
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (IOException e) {
            log.debug("event=http_io method={} error={}", exchange.getRequestMethod(), e.toString());
        }
    }

    /** Browsers send Origin on cross-site POSTs; a page of another origin must never steer a service. */
    private static boolean sameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        try {
            URI o = URI.create(origin);
            String originHost = o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort());
            return host != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void respond(HttpExchange exchange, Object result) throws IOException {
        if (result instanceof Response r) {
            write(exchange, r.status(), r.contentType(), r.body());
        } else {
            write(exchange, 200, "application/json", Json.bytes(result));
        }
    }

    private static void send(HttpExchange exchange, ApiException e) throws IOException {
        write(exchange, e.status(), "application/json", Json.bytes(new ErrorBody(e.error(), e.detail())));
    }

    private static void write(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType.contains("charset") || !contentType.startsWith("text")
                && !contentType.equals("application/json") ? contentType : contentType + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void stream(HttpExchange exchange, SseHub hub) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        SseChannel channel = new SseChannel();
        OutputStream out = exchange.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        hub.add(channel);
        try {
            while (!stopping && channel.isOpen()) {
                String frame = channel.take(15_000);
                if (frame == null) {
                    frame = ": keep-alive\n\n";
                } else if (frame.equals(SseChannel.CLOSE)) {
                    break;
                }
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
            hub.remove(channel);
        }
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

        boolean matches(String path, Map<String, String> params) {
            String[] parts = path.split("/", -1);
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
        private ControlToken token;
        private String bind = "127.0.0.1";
        private int port;

        public Builder bind(String host, int port) {
            this.bind = host;
            this.port = port;
            return this;
        }

        public Builder token(ControlToken token) {
            this.token = token;
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
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(bind, port), 64);
            } catch (BindException e) {
                throw new BindException("port " + port + " on " + bind + " is already in use");
            }
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(2, MAX_THREADS, 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "http-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, (r, pool) -> {
                        // every worker is busy (mostly with SSE clients): answer 503 rather than queue forever
                        throw new java.util.concurrent.RejectedExecutionException("http workers exhausted");
                    });
            HttpService service = new HttpService(server, executor, List.copyOf(routes), token);
            service.hubs.addAll(hubs);
            server.createContext("/", service::dispatch);
            server.setExecutor(executor);
            server.start();
            return service;
        }
    }
}
