package pog.app.pm;

import com.fasterxml.jackson.databind.JsonNode;
import pog.app.CliException;
import pog.app.ExitCodes;
import pog.common.auth.ControlToken;
import pog.common.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The CLI's HTTP calls to PM: a reply, or {@link Unreachable} when PM does not answer at all. */
final class PmHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String baseUrl;

    PmHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** "error: detail" of a PoG error body. */
        String error() {
            return body.path("error").asText("HTTP " + status)
                    + (body.hasNonNull("detail") ? ": " + body.path("detail").asText() : "");
        }
    }

    /** PM did not answer: not running, or not at this address. */
    static final class Unreachable extends Exception {
        Unreachable(String why) {
            super(why);
        }
    }

    Reply get(String path) throws Unreachable {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    Reply post(String path, String body, ControlToken token, Duration timeout) throws Unreachable {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token.reveal())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Reply send(HttpRequest request) throws Unreachable {
        HttpResponse<String> r;
        try {
            r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unreachable("nothing answers at " + baseUrl);
        } catch (IOException e) {
            throw new Unreachable("no answer from " + baseUrl + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "error: interrupted");
        }
        JsonNode body;
        try {
            body = r.body().isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "error: " + baseUrl + " answered HTTP " + r.statusCode()
                    + " with something that is not PM's JSON; is --url right?");
        }
        return new Reply(r.statusCode(), body);
    }

    /** The one-line failure for a refused control request, with the exit code a script can act on. */
    static CliException refused(String what, Reply r) {
        String hint = switch (r.status()) {
            case 401 -> " (the control token is wrong: set POG_CONTROL_TOKEN or check controlTokenFile)";
            default -> "";
        };
        int code = r.status() == 404 || r.status() == 400 ? ExitCodes.CONFIG : ExitCodes.FAILURE;
        return new CliException(code, "error: " + what + ": " + r.error() + hint);
    }
}
