package pog.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP request as handlers see it: path parameters, query, headers and a body that was read (within the
 * service's size limit) before the handler was called.
 */
public final class Request {
    private final org.eclipse.jetty.server.Request request;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final byte[] body;

    Request(org.eclipse.jetty.server.Request request, String path, Map<String, String> pathParams,
            Map<String, String> query, byte[] body) {
        this.request = request;
        this.path = path;
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return path;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The peer's address, for audit records. */
    public String remote() {
        String remote = org.eclipse.jetty.server.Request.getRemoteAddr(request);
        return remote == null ? "?" : remote;
    }

    public String query(String name) {
        return query.get(name);
    }

    /** A query parameter as a long, the default when absent, 400 when malformed. */
    public long queryLong(String name, long defaultValue) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    /** The whole body (empty when there was none); a body over the limit never reaches a handler (413). */
    public byte[] body() {
        return body;
    }

    /** The body as a JSON tree; an empty body is an empty object; malformed JSON is a 400. */
    public JsonNode json() {
        byte[] bytes = body();
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("could not read request body");
        }
    }

    org.eclipse.jetty.server.Request jetty() {
        return request;
    }

    /** The raw query string decoded into its first value per name; a malformed escape is a 400. */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string");
            }
        }
        return out;
    }
}
