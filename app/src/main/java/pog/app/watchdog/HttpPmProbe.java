package pog.app.watchdog;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code GET <pm>/api/status} with one timeout for connect and answer. */
public final class HttpPmProbe implements PmProbe {
    private final URI status;
    private final Duration timeout;
    private final HttpClient http;

    public HttpPmProbe(String pmUrl, Duration timeout) {
        this.status = URI.create(pmUrl + "/api/status");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public Result probe() {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(status).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return Result.noAnswer("connect timed out after " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return Result.noAnswer("no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Result.nothing();
        } catch (IOException e) {
            // accepted, then closed or reset without an HTTP answer: something holds the port
            return Result.foreign("no HTTP answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.noAnswer("interrupted");
        }
        if (r.statusCode() != 200) {
            return Result.foreign("GET /api/status answered HTTP " + r.statusCode());
        }
        try {
            JsonNode body = Json.mapper().readTree(r.body());
            if (body != null && "pm".equals(body.path("service").asText()) && body.path("pid").canConvertToLong()) {
                return Result.pm(body.path("pid").asLong(), body.path("instance").asText(null));
            }
            return Result.foreign("answers as '" + (body == null ? "" : body.path("service").asText("?"))
                    + "', not PM");
        } catch (IOException e) {
            return Result.foreign("GET /api/status did not answer PM's JSON");
        }
    }
}
