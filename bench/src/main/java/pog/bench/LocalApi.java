package pog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reading a PoG service's JSON API on loopback from a benchmark, where no answer is a measurement, not an error; and
 * the ports the benchmarks give the services they start.
 */
final class LocalApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(300)).build();

    private LocalApi() {
    }

    /** A port free now, from the kernel's ephemeral range. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /**
     * A free port below the kernel's ephemeral range, for a service that is killed and restarted on the same port: a
     * port from that range can become the local end of an outgoing connection before the successor binds it.
     */
    static int stablePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
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
