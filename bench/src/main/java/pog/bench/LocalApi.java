package pog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reading a PoG service's JSON API on loopback from a benchmark, where no answer is a measurement, not an error. */
final class LocalApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(300)).build();

    private LocalApi() {
    }

    /** {@code GET http://127.0.0.1:port/path}: its JSON on 200, else null (no answer in time, refused, not JSON). */
    static JsonNode get(int port, String path, Duration timeout) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
