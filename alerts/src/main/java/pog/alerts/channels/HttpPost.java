package pog.alerts.channels;

import pog.alerts.Channel.DeliveryException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A JSON (or text) POST with PoG's wording for every way it can fail; the URL never appears in an error. */
final class HttpPost {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private HttpPost() {
    }

    /** A response a channel reads further (Telegram's {@code ok}, Slack's {@code ok} text). */
    record Answer(int status, String body) {
        boolean success() {
            return status >= 200 && status < 300;
        }
    }

    static Answer post(String service, String url, String contentType, byte[] body, Map<String, String> headers)
            throws DeliveryException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Content-Type", contentType)
                    .header("User-Agent", "PoG-alerts");
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(service + ": the configured URL is not valid", false);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = CLIENT.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body() == null ? "" : r.body());
        } catch (HttpConnectTimeoutException e) {
            throw new DeliveryException(service + " could not be reached: connect timed out", true);
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(service + " did not answer within " + TIMEOUT.toSeconds() + " s", true);
        } catch (ConnectException e) {
            throw new DeliveryException(service + " could not be reached: connection refused", true);
        } catch (IOException e) {
            throw new DeliveryException(service + " could not be reached: " + describe(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(service + ": interrupted", true);
        }
    }

    /** An HTTP error status as a retry decision: 429 and 5xx are worth retrying, other 4xx are not. */
    static DeliveryException refused(String service, Answer a, String why) {
        boolean retry = a.status() == 429 || a.status() >= 500;
        return new DeliveryException(service + " refused the message: HTTP " + a.status()
                + (why == null || why.isBlank() ? "" : " (" + clip(why) + ")"), retry);
    }

    static String clip(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    private static String describe(IOException e) {
        if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException
                || e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS handshake failed";
        }
        return "the connection failed";
    }
}
