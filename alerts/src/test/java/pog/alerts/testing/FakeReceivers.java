package pog.alerts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import pog.common.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * One local HTTP server that answers as the generic webhook receiver, the Telegram Bot API, a Discord webhook, a
 * Slack incoming webhook and an ntfy server would, and records what each received. {@link #fail} makes one of them
 * answer with an error status until told otherwise.
 */
public final class FakeReceivers implements AutoCloseable {
    public static final String TELEGRAM_TOKEN = "123456:AAtest-token";

    /** One request as a service received it. */
    public record Received(String service, String path, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body);
            }
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();

    public FakeReceivers() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String webhookUrl() {
        return base() + "/hook";
    }

    public String discordUrl() {
        return base() + "/api/webhooks/1234/discord-secret-token";
    }

    public String slackUrl() {
        return base() + "/services/T000/B000/slack-secret-token";
    }

    /** Telegram's and ntfy's base URL are the server itself. */
    public void fail(String service, int status) {
        failing.put(service, status);
    }

    public void heal(String service) {
        failing.remove(service);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String service) {
        return received.stream().filter(r -> r.service().equals(service)).toList();
    }

    public List<Received> receivedText(String service, String contains) {
        return received(service).stream().filter(r -> r.body().contains(contains)).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String service = path.equals("/hook") ? "webhook"
                : path.startsWith("/bot") && path.endsWith("/sendMessage") ? "telegram"
                : path.startsWith("/api/webhooks/") ? "discord"
                : path.startsWith("/services/") ? "slack"
                : path.equals("/") ? "ntfy" : "unknown";
        if (!"POST".equals(x.getRequestMethod())) {
            answer(x, 405, "text/plain", "method not allowed");
            return;
        }
        Integer fail = failing.get(service);
        if (fail != null) {
            String why = switch (service) {
                case "telegram" -> "{\"ok\":false,\"error_code\":" + fail + ",\"description\":\"Internal Server Error\"}";
                case "discord" -> "{\"message\":\"Service unavailable\",\"code\":0}";
                case "slack" -> "internal_error";
                case "ntfy" -> "{\"code\":" + fail + "00,\"http\":" + fail + ",\"error\":\"server failure\"}";
                default -> "failure";
            };
            answer(x, fail, why.startsWith("{") ? "application/json" : "text/plain", why);
            return;
        }
        switch (service) {
            case "telegram" -> {
                String token = path.substring("/bot".length(), path.length() - "/sendMessage".length());
                if (!token.equals(TELEGRAM_TOKEN)) {
                    answer(x, 401, "application/json", "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                    return;
                }
                JsonNode j = Json.mapper().readTree(body);
                if (!j.hasNonNull("chat_id") || !j.hasNonNull("text")) {
                    answer(x, 400, "application/json",
                            "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}");
                    return;
                }
                received.add(new Received(service, path, x.getRequestHeaders(), body));
                answer(x, 200, "application/json", "{\"ok\":true,\"result\":{\"message_id\":" + received.size()
                        + ",\"chat\":{\"id\":" + j.get("chat_id") + "},\"text\":" + Json.write(j.get("text").asText())
                        + "}}");
            }
            case "discord" -> {
                JsonNode j = Json.mapper().readTree(body);
                if (!j.hasNonNull("content") || j.get("content").asText().length() > 2000) {
                    answer(x, 400, "application/json", "{\"message\":\"Cannot send an empty message\",\"code\":50006}");
                    return;
                }
                received.add(new Received(service, path, x.getRequestHeaders(), body));
                x.sendResponseHeaders(204, -1);
                x.close();
            }
            case "slack" -> {
                JsonNode j = Json.mapper().readTree(body);
                if (!j.hasNonNull("text")) {
                    answer(x, 400, "text/plain", "invalid_payload");
                    return;
                }
                received.add(new Received(service, path, x.getRequestHeaders(), body));
                answer(x, 200, "text/html", "ok");
            }
            case "ntfy" -> {
                JsonNode j = Json.mapper().readTree(body);
                if (!j.hasNonNull("topic")) {
                    answer(x, 400, "application/json", "{\"code\":40001,\"http\":400,\"error\":\"invalid request\"}");
                    return;
                }
                received.add(new Received(service, path, x.getRequestHeaders(), body));
                answer(x, 200, "application/json", "{\"id\":\"x" + received.size() + "\",\"event\":\"message\",\"topic\":"
                        + Json.write(j.get("topic").asText()) + "}");
            }
            case "webhook" -> {
                received.add(new Received(service, path, x.getRequestHeaders(), body));
                answer(x, 200, "application/json", "{}");
            }
            default -> answer(x, 404, "text/plain", "not found");
        }
    }

    private static void answer(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
