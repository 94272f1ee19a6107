package pog.common.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pog.common.auth.ControlToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a hostile or careless client gets, on a real server with real sockets (issue #11). Each case was broken on
 * the JDK server this replaced: workers held by slow headers or idle streams, requests for any Host served, the
 * JDK's HTML or a reset instead of PoG's JSON error.
 */
class HostileClientsTest {
    private static final String TOKEN = "0123456789abcdef";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger handled = new AtomicInteger();
    private final SseHub hub = new SseHub(c -> c.send("hello", "{\"n\":0}"));
    private final List<Socket> sockets = new ArrayList<>();
    private HttpService service;

    private HttpService.Builder routes() {
        return HttpService.builder().bind("127.0.0.1", 0).token(ControlToken.of(TOKEN))
                .get("/api/health", r -> Map.of("status", "ok"))
                .get("/api/events", r -> Map.of("limit", r.queryLong("limit", 100)))
                .post("/api/echo", r -> {
                    handled.incrementAndGet();
                    return r.json();
                })
                .control("/api/pause", r -> Map.of("paused", handled.incrementAndGet()))
                .sse("/api/stream", hub);
    }

    @AfterEach
    void stop() {
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        });
        if (service != null) {
            service.close();
        }
    }

    private HttpResponse<String> health() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket open() throws IOException {
        Socket s = RawHttp.connect(service.port());
        sockets.add(s);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(5);
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void twoHundredSlowHeaderConnectionsDoNotStopHealthAnswering() throws Exception {
        service = routes().headerTimeout(Duration.ofSeconds(60)).start();
        for (int i = 0; i < 200; i++) {
            write(open(), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(health().statusCode()).isEqualTo(200);
        }
        assertThat(sockets).noneMatch(HostileClientsTest::closedByServer);
    }

    @Test
    void seventyIdleStreamClientsDoNotStopOrdinaryRequests() throws Exception {
        service = routes().start();
        for (int i = 0; i < 70; i++) {
            Socket s = open();
            write(s, "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.clients() == 70);
        for (int i = 0; i < 5; i++) {
            assertThat(health().statusCode()).isEqualTo(200);
        }
        hub.broadcast("tick", "{\"n\":1}");
        assertThat(health().statusCode()).isEqualTo(200);
    }

    @Test
    void connectionsOverThePerClientCapAreClosedAtOnce() throws Exception {
        service = routes().maxConnectionsPerClient(4, 4).start();
        for (int i = 0; i < 5; i++) {
            write(open(), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        }
        // the server sees them in any order: whichever came fifth is closed, the four others are held
        await().atMost(Duration.ofSeconds(10)).until(() -> sockets.stream().filter(HostileClientsTest::closedByServer)
                .count() == 1);
        assertThat(sockets.stream().filter(HostileClientsTest::closedByServer).count()).isEqualTo(1);
        for (Socket s : sockets) {
            s.close();
        }
        // the cap counts open connections: once the hog lets go, the client is served again
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> health().statusCode() == 200);
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersIsClosed() throws Exception {
        service = routes().headerTimeout(Duration.ofMillis(300)).start();
        Socket slow = open();
        write(slow, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                write(slow, "X");
            } catch (IOException gone) {
                return true;
            }
            return closedByServer(slow);
        });
        Socket prompt = open();
        write(prompt, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.read(prompt.getInputStream()).status()).isEqualTo(200);
    }

    @Test
    void aSlowHandlerIsNotCutOffByTheIdleTimeout() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        service = routes().idleTimeout(Duration.ofMillis(200))
                .post("/api/slow", r -> {
                    // e.g. PM stopping a trader: the answer waits for the work, the client waits for the answer
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return Map.of("done", true);
                }).start();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = client.sendAsync(HttpRequest.newBuilder(
                URI.create(service.baseUrl() + "/api/slow")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        // well past the idle timeout with nothing on the wire, then the work completes
        Thread.sleep(1_000);
        release.countDown();
        assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aForeignHostIsRefusedWithJson() throws Exception {
        service = routes().start();
        RawHttp.Answer evil = RawHttp.send(service.port(), "GET /api/health HTTP/1.1\r\nHost: evil.example:"
                + service.port(), null);
        assertThat(evil.status()).isEqualTo(421);
        assertThat(evil.header("Content-Type")).startsWith("application/json");
        assertThat(evil.json().get("error").asText()).isEqualTo("misdirected request");
        assertThat(evil.json().get("detail").asText()).contains("evil.example").contains("hostNames");
        assertThat(evil.body()).doesNotContain("\"status\":\"ok\"");
        for (String ok : List.of("127.0.0.1", "localhost", "127.0.0.2", "[::1]", "10.1.2.3")) {
            assertThat(RawHttp.send(service.port(), "GET /api/health HTTP/1.1\r\nHost: " + ok + ":" + service.port(),
                    null).status()).as(ok).isEqualTo(200);
        }
    }

    @Test
    void configuredHostNamesAreServed() throws Exception {
        service = routes().hostNames(List.of("pog.internal", "PM.Example.com:443")).start();
        assertThat(RawHttp.send(service.port(), "GET /api/health HTTP/1.1\r\nHost: pog.internal:" + service.port(),
                null).status()).isEqualTo(200);
        // a proxy on 443 forwards the browser's Host and Origin
        RawHttp.Answer proxied = RawHttp.send(service.port(), "POST /api/pause HTTP/1.1\r\nHost: pm.example.com\r\n"
                + "Origin: https://pm.example.com\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: 0", null);
        assertThat(proxied.status()).isEqualTo(200);
        assertThat(RawHttp.send(service.port(), "GET /api/health HTTP/1.1\r\nHost: other.example", null).status())
                .isEqualTo(421);
    }

    @Test
    void aForeignOriginIsRefusedEvenWhenHostAgreesWithIt() throws Exception {
        service = routes().start();
        int elsewhere = service.port() == 1 ? 2 : service.port() - 1;
        // a page served from another local port: Host and Origin agree with each other, not with this service
        RawHttp.Answer r = RawHttp.send(service.port(), "POST /api/pause HTTP/1.1\r\nHost: localhost:" + elsewhere
                + "\r\nOrigin: http://localhost:" + elsewhere + "\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Length: 0", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asText()).isEqualTo("cross-origin request refused");
        assertThat(RawHttp.send(service.port(), "POST /api/pause HTTP/1.1\r\nHost: 127.0.0.1:" + service.port()
                + "\r\nOrigin: null\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: 0", null).status())
                .isEqualTo(403);
        assertThat(handled.get()).isZero();
        RawHttp.Answer same = RawHttp.send(service.port(), "POST /api/pause HTTP/1.1\r\nHost: localhost:"
                + service.port() + "\r\nOrigin: http://localhost:" + service.port() + "\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Length: 0", null);
        assertThat(same.status()).isEqualTo(200);
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void aBrokenEscapeInTheQueryIsJson400() throws Exception {
        service = routes().start();
        RawHttp.Answer r = RawHttp.get(service.port(), "/api/events?limit=%zz");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isEqualTo("bad request");
    }

    @Test
    void aBrokenEscapeInThePathIsJson400() throws Exception {
        service = routes().start();
        RawHttp.Answer r = RawHttp.get(service.port(), "/api/%zzhealth");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad request");
        assertThat(r.body()).doesNotContainIgnoringCase("jetty").doesNotContain("<html");
    }

    @Test
    void aHundredKilobyteUrlIsJson414() throws Exception {
        service = routes().start();
        RawHttp.Answer r = RawHttp.get(service.port(), "/api/events?pad=" + "a".repeat(100 * 1024));
        assertThat(r.status()).isEqualTo(414);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isEqualTo("uri too long");
        assertThat(r.body()).doesNotContainIgnoringCase("jetty");
    }

    @Test
    void aSixtyFourKilobyteHeaderIsJson431() throws Exception {
        service = routes().start();
        RawHttp.Answer r = RawHttp.get(service.port(), "/api/health", "X-Big: " + "b".repeat(64 * 1024));
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isEqualTo("request header fields too large");
    }

    @Test
    void aTenMegabyteBodyIsJson413AndTheHandlerNeverRuns() throws Exception {
        service = routes().start();
        byte[] body = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        RawHttp.Answer declared = RawHttp.send(service.port(), "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length, body);
        assertThat(declared.status()).as(declared.body()).isEqualTo(413);
        assertThat(declared.json().get("error").asText()).isEqualTo("payload too large");
        // no length announced: the body is counted as it arrives
        StringBuilder chunked = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            chunked.append("1000\r\n").append(" ".repeat(0x1000)).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        RawHttp.Answer streamed = RawHttp.send(service.port(), "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked", chunked.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.json().get("error").asText()).isEqualTo("payload too large");
        assertThat(handled.get()).isZero();
        RawHttp.Answer small = RawHttp.send(service.port(), "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 10", "{\"a\":\"b\"} ".getBytes(StandardCharsets.US_ASCII));
        assertThat(small.status()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void theBodyLimitIsConfigurable() throws Exception {
        service = routes().maxBodyBytes(16).start();
        RawHttp.Answer r = RawHttp.send(service.port(), "POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 17", "{\"a\":\"0123456\"} ".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asText()).contains("16 bytes");
        assertThat(handled.get()).isZero();
    }

    @Test
    void unknownRoutesAndMethodsAreJsonWithTheSafetyHeaders() throws Exception {
        service = routes().start();
        RawHttp.Answer missing = RawHttp.get(service.port(), "/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("not found");
        assertThat(missing.header("Cache-Control")).isEqualTo("no-store");
        assertThat(missing.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(missing.header("Server")).isNull();
        RawHttp.Answer trace = RawHttp.send(service.port(), "TRACE /api/health HTTP/1.1\r\nHost: 127.0.0.1", null);
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.json().get("error").asText()).isEqualTo("method not allowed");
        RawHttp.Answer head = RawHttp.send(service.port(), "HEAD /api/health HTTP/1.1\r\nHost: 127.0.0.1", null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        RawHttp.Answer garbage = RawHttp.send(service.port(), "NOT HTTP AT ALL", null);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().get("error").asText()).isEqualTo("bad request");
    }

    @Test
    void aStreamClientThatStopsReadingIsDroppedWithoutStallingTheProducer() throws Exception {
        service = routes().start();
        Socket s = open();
        s.setReceiveBufferSize(4096);
        write(s, "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.clients() == 1);
        String big = "x".repeat(64 * 1024);
        // the socket buffers fill, then the bounded queue: the client is cut off, the broadcasts never block
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < 100; i++) {
                hub.broadcast("bulk", big);
            }
            return hub.clients() == 0;
        });
        assertThat(health().statusCode()).isEqualTo(200);
    }

    @Test
    void anIdleStreamGetsKeepAliveCommentsAndOutlivesTheIdleTimeout() throws Exception {
        service = routes().idleTimeout(Duration.ofMillis(300)).keepAlive(Duration.ofMillis(100)).start();
        Socket s = open();
        write(s, "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        int keepAlives = 0;
        for (String line; keepAlives < 5 && (line = in.readLine()) != null; ) {
            if (line.equals(": keep-alive")) {
                keepAlives++;
            }
        }
        assertThat(keepAlives).isEqualTo(5);
        hub.broadcast("tick", "{\"n\":2}");
        String line;
        do {
            line = in.readLine();
        } while (line != null && !line.equals("data: {\"n\":2}"));
        assertThat(line).isEqualTo("data: {\"n\":2}");
    }

    @Test
    void closeEndsEveryStream() throws Exception {
        service = routes().start();
        Socket s = open();
        write(s, "GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null && !line.startsWith("data: {\"n\":0}"); ) {
            lines.add(line);
        }
        assertThat(lines).contains(": connected", "event: hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.clients() == 1);
        service.close();
        s.setSoTimeout(5_000);
        String rest;
        do {
            rest = in.readLine();
        } while (rest != null && !rest.equals("0"));
        assertThat(hub.clients()).isZero();
    }

    @Test
    void aBusyPortIsABindExceptionNamingIt() throws Exception {
        service = routes().start();
        try (HttpService second = HttpService.builder().bind("127.0.0.1", service.port()).start()) {
            throw new AssertionError("a second server bound port " + second.port());
        } catch (java.net.BindException e) {
            assertThat(e.getMessage()).isEqualTo("port " + service.port() + " on 127.0.0.1 is already in use");
        }
    }
}
