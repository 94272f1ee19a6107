package pog.app.it;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Connects to a Server-Sent-Events stream as the dashboard does and waits for one event of a given name. */
final class SseProbe {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private SseProbe() {
    }

    /** True when {@code event: <name>} arrives on a fresh connection within the timeout. */
    static boolean receives(String url, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream[] body = new InputStream[1];
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                synchronized (body) {
                    body[0] = r.body();
                }
                if (r.statusCode() != 200) {
                    return false;
                }
                BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals("event: " + name)) {
                        return true;
                    }
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        try {
            return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            return false;
        } finally {
            synchronized (body) {
                if (body[0] != null) {
                    try {
                        body[0].close();
                    } catch (java.io.IOException ignored) {
                        // the connection goes with it either way
                    }
                }
            }
        }
    }
}
