package pog.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.common.auth.ControlToken;
import pog.common.json.Json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HttpServiceTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger controlled = new AtomicInteger();
    private final SseHub hub = new SseHub(c -> c.send("hello", "{\"n\":0}"));
    private HttpService service;

    @BeforeEach
    void start() throws Exception {
        service = HttpService.builder().bind("127.0.0.1", 0).token(ControlToken.of("0123456789abcdef"))
                .get("/api/things/{id}", r -> Map.of("id", r.pathParam("id"), "price", new BigDecimal("0.10")))
                .get("/api/since", r -> Map.of("since", r.queryLong("since", 0)))
                .post("/api/echo", r -> r.json())
                .control("/api/pause", r -> Map.of("paused", controlled.incrementAndGet()))
                .get("/api/boom", r -> {
                    throw new IllegalStateException("secret internals");
                })
                .sse("/api/stream", hub)
                .start();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathParametersAndDecimalStrings() throws Exception {
        HttpResponse<String> r = get("/api/things/abc");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("id").asText()).isEqualTo("abc");
        assertThat(body.get("price").isTextual()).isTrue();
        assertThat(body.get("price").asText()).isEqualTo("0.10");
    }

    @Test
    void unknownPathIsJson404AndWrongMethodIs405() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(r.body()).get("error").asText()).isEqualTo("not found");
        assertThat(post("/api/since", "", Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void malformedInputIs400WithJsonError() throws Exception {
        HttpResponse<String> bad = post("/api/echo", "{not json", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"error\":\"bad request\"").contains("malformed JSON");
        HttpResponse<String> badQuery = get("/api/since?since=yesterday");
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(badQuery.body()).contains("since");
    }

    @Test
    void controlNeedsTheTokenAndNothingHappensWithout() throws Exception {
        assertThat(post("/api/pause", "", Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/api/pause", "", Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(controlled.get()).isZero();
        HttpResponse<String> ok = post("/api/pause", "", Map.of("Authorization", "Bearer 0123456789abcdef"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(controlled.get()).isEqualTo(1);
    }

    @Test
    void crossOriginPostIsRefusedEvenWithToken() throws Exception {
        HttpResponse<String> r = post("/api/pause", "", Map.of("Authorization", "Bearer 0123456789abcdef",
                "Origin", "http://evil.example"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(controlled.get()).isZero();
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() throws Exception {
        HttpResponse<String> r = get("/api/boom");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret internals").doesNotContain("Exception");
    }

    @Test
    void sseClientGetsSnapshotThenBroadcasts() throws Exception {
        HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body()))) {
            assertThat(in.readLine()).isEqualTo(": connected");
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo("event: hello");
            assertThat(in.readLine()).isEqualTo("data: {\"n\":0}");
            assertThat(in.readLine()).isEmpty();
            hub.broadcast("tick", "{\"n\":1}");
            assertThat(in.readLine()).isEqualTo("event: tick");
            assertThat(in.readLine()).isEqualTo("data: {\"n\":1}");
        }
    }
}
