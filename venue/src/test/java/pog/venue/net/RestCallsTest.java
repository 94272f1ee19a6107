package pog.venue.net;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.common.time.ManualClock;
import pog.venue.VenueException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one retry rule every venue client shares, against a real HTTP server on a real port: a read is retried, a
 * write only when it certainly was not processed, and nothing of the request reaches a message.
 */
class RestCallsTest {
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private RestCalls calls;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            Integer status = statuses.poll();
            byte[] body = ("{\"status\":" + (status == null ? 200 : status) + "}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status == null ? 200 : status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        calls = new RestCalls("testvenue", "tv", HttpClient.newHttpClient(),
                new RateLimiter(6000, new ManualClock(0), d -> { }), new Backoff(Duration.ofMillis(100),
                Duration.ofSeconds(1), () -> 1.0), sleeps::add, 2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest post(String secretBody) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(secretBody)).build();
    }

    @Test
    void aReadIsRetriedThrough429And5xxWithGrowingBackoff() {
        statuses.addAll(List.of(503, 429));

        var response = calls.read(post("{}"), "/info meta", 1);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(requests).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aReadThatNeverSucceedsFailsAfterItsRetriesQuotingTheLastAnswer() {
        statuses.addAll(List.of(502, 502, 502, 502));

        assertThatThrownBy(() -> calls.read(post("{}"), "/info meta", 1))
                .isInstanceOf(VenueException.class).isNotInstanceOf(OutcomeUnknownException.class)
                .hasMessage("testvenue /info meta answered 502: {\"status\":502}");
        assertThat(requests).hasValue(3);
    }

    @Test
    void aWriteAnswered5xxIsNeverSentAgainAndItsOutcomeIsUnknown() {
        statuses.add(500);

        assertThatThrownBy(() -> calls.write(post("{\"signature\":\"s3cr3t\"}"), "/exchange order", 1))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageNotContaining("s3cr3t");
        assertThat(requests).hasValue(1);
    }

    @Test
    void aWriteRefusedWith429WasNotProcessedAndGoesAgain() {
        statuses.add(429);

        assertThat(calls.write(post("{}"), "/exchange order", 1).statusCode()).isEqualTo(200);
        assertThat(requests).hasValue(2);
    }

    @Test
    void aWriteThatCannotConnectWasNeverSentAndIsRetriedThenFailsAsUnavailable() {
        int port = server.getAddress().getPort();
        server.stop(0); // nothing listens there now

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThatThrownBy(() -> calls.write(request, "/exchange order", 1))
                .isInstanceOf(VenueException.class).isNotInstanceOf(OutcomeUnknownException.class)
                .hasMessageStartingWith("testvenue /exchange order could not connect: ConnectException");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aVenueAnswerIsQuotedOnOneLineAndShortened() {
        assertThat(RestCalls.shorten("a\n  b\tc")).isEqualTo("a b c");
        assertThat(RestCalls.shorten("x".repeat(300))).hasSize(203).endsWith("...");
        assertThat(RestCalls.rootMessage(new RuntimeException("outer", new IllegalStateException("inner"))))
                .isEqualTo("IllegalStateException inner");
    }
}
