package pog.trader;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.auth.ControlToken;
import pog.common.json.Json;
import pog.trader.config.TraderConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The control endpoints act only on a body they understand; everything else is a 4xx JSON error and no action. */
class TraderControlTest {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final List<String> ACTIONS = List.of("pause", "resume", "flatten", "shutdown");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private TraderConfig config() {
        String yaml = """
                service: trader-test
                port: 0
                dataDir: %s
                loopMillis: 200
                venue: {type: paper, account: acct-7, tickMillis: 100}
                """.formatted(dir.resolve("data"));
        return TraderConfig.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8), TestVenues.PAPER);
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply post(TraderService t, String action, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port()
                        + "/api/" + action)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.mapper().readTree(r.body()));
    }

    private JsonNode health(TraderService t) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port()
                + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }

    /**
     * Sends a body far over any limit on a plain socket and reads what comes back, even when the server stops
     * reading early (a JDK client may report the reset instead of the answer).
     */
    private static String postHuge(int port, String action, int bytes) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/" + action + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '{';
            try {
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                    chunk[0] = ' ';
                }
                out.flush();
            } catch (IOException stoppedReading) {
                // the server answered and closed before taking it all: read the answer below
            }
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void badBodiesAreRefusedWithJsonErrorsAndNothingHappens() throws Exception {
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ControlToken.of(TOKEN), Clock.systemUTC())) {
            for (String action : ACTIONS) {
                Reply malformed = post(t, action, "{\"reason\": ");
                assertThat(malformed.status()).as(action).isEqualTo(400);
                assertThat(malformed.json().get("detail").asText()).contains("not valid JSON")
                        .doesNotContain("Exception").doesNotContain("Unexpected end-of-input");

                Reply unknown = post(t, action, "{\"flaten\": true}");
                assertThat(unknown.status()).as(action).isEqualTo(400);
                assertThat(unknown.json().get("error").asText()).isEqualTo("bad request");
                assertThat(unknown.json().get("detail").asText()).contains("unknown field 'flaten'");

                Reply wrongType = post(t, action, "{\"reason\": 5}");
                assertThat(wrongType.status()).as(action).isEqualTo(400);
                assertThat(wrongType.json().get("detail").asText()).contains("'reason' must be a string");

                assertThat(post(t, action, "[]").status()).as(action).isEqualTo(400);
                assertThat(post(t, action, "{} {}").status()).as(action).isEqualTo(400);
                assertThat(post(t, action, "{\"reason\": \"a\", \"reason\": \"b\"}").json().get("detail").asText())
                        .contains("'reason' appears more than once");
                assertThat(post(t, action, "{\"reason\": \"two\\nlines\"}").status()).as(action).isEqualTo(400);

                String huge = postHuge(t.port(), action, 10 * 1024 * 1024);
                assertThat(huge).as(action).startsWith("HTTP/1.1 413").contains("\"error\":\"payload too large\"");
            }
            JsonNode h = health(t);
            assertThat(h.get("paused").asBoolean()).as("nothing paused the trader").isFalse();
            assertThat(t.stopRequested()).as("nothing asked it to stop").isFalse();
            assertThat(t.engine().snapshot().paused()).isFalse();
        }
    }

    @Test
    void emptyBodyEmptyObjectAndAReasonAreAccepted() throws Exception {
        try (TraderService t = TraderService.start(config(), TestVenues.PAPER, "1", ControlToken.of(TOKEN), Clock.systemUTC())) {
            assertThat(post(t, "pause", "").status()).isEqualTo(200);
            assertThat(health(t).get("paused").asBoolean()).isTrue();
            assertThat(post(t, "resume", "{}").status()).isEqualTo(200);
            assertThat(health(t).get("paused").asBoolean()).isFalse();
            assertThat(post(t, "pause", "{\"reason\": \"rolling the venue key\"}").status()).isEqualTo(200);
            assertThat(health(t).get("paused").asBoolean()).isTrue();
            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port()
                    + "/api/events?limit=5")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(events.body()).contains("rolling the venue key");
            assertThat(post(t, "shutdown", "{\"reason\": null}").status()).isEqualTo(200);
            assertThat(t.stopRequested()).isTrue();
        }
    }
}
