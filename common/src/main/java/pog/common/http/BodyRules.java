package pog.common.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import pog.common.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a control request's body may hold: a JSON object with only the named fields, each of its type. An empty
 * body or {@code {}} means "no options". Anything else is refused with a 400 naming the field, before the action
 * runs: a typo must never silently mean the default, and a body that is not understood must never act.
 */
public final class BodyRules {
    /** Control bodies are a few options; anything this big is not one. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final ObjectReader READER = Json.mapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private enum Kind { FLAG, TEXT }

    private record Field(Kind kind, int maxLength) {
    }

    private final Map<String, Field> fields;

    private BodyRules(Map<String, Field> fields) {
        this.fields = fields;
    }

    /** No field is allowed: only an empty body or {@code {}}. */
    public static BodyRules none() {
        return new BodyRules(Map.of());
    }

    /** Adds an optional {@code true|false} field. */
    public BodyRules flag(String name) {
        return with(name, new Field(Kind.FLAG, 0));
    }

    /** Adds an optional one-line text field of at most {@code maxLength} characters (it may end up in logs). */
    public BodyRules text(String name, int maxLength) {
        return with(name, new Field(Kind.TEXT, maxLength));
    }

    private BodyRules with(String name, Field field) {
        Map<String, Field> copy = new LinkedHashMap<>(fields);
        copy.put(name, field);
        return new BodyRules(copy);
    }

    /** Parses and checks a raw body. */
    public Body check(byte[] raw) {
        return check(parse(raw));
    }

    /** Checks an already parsed body (null or missing: no options). */
    public Body check(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new Body(Json.mapper().createObjectNode());
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object, got " + kindOf(body));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field f = fields.get(e.getKey());
            if (f == null) {
                throw ApiException.badRequest("unknown field '" + printable(e.getKey()) + "'" + (fields.isEmpty()
                        ? " (this endpoint takes no fields)" : " (allowed: " + String.join(", ", fields.keySet()) + ")"));
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (f.kind()) {
                case FLAG -> {
                    if (!v.isBoolean()) {
                        throw ApiException.badRequest("'" + e.getKey() + "' must be true or false, got " + kindOf(v));
                    }
                }
                case TEXT -> {
                    if (!v.isTextual()) {
                        throw ApiException.badRequest("'" + e.getKey() + "' must be a string, got " + kindOf(v));
                    }
                    String s = v.textValue();
                    if (s.length() > f.maxLength()) {
                        throw ApiException.badRequest("'" + e.getKey() + "' must be at most " + f.maxLength()
                                + " characters, got " + s.length());
                    }
                    if (s.chars().anyMatch(Character::isISOControl)) {
                        throw ApiException.badRequest("'" + e.getKey() + "' must be one line without control characters");
                    }
                }
            }
        }
        return new Body(body);
    }

    /**
     * A raw body as JSON: empty or blank is an empty object; over {@link #MAX_BYTES} is a 413; malformed JSON is a
     * 400 saying where, in our words.
     */
    public static JsonNode parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return Json.mapper().createObjectNode();
        }
        if (raw.length > MAX_BYTES) {
            throw new ApiException(413, "payload too large", "request body over " + MAX_BYTES + " bytes");
        }
        if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            return READER.readTree(raw);
        } catch (JsonProcessingException e) {
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (original.startsWith("Duplicate field '")) {
                int end = original.indexOf('\'', "Duplicate field '".length());
                String name = end < 0 ? "?" : original.substring("Duplicate field '".length(), end);
                throw ApiException.badRequest("field '" + printable(name) + "' appears more than once");
            }
            JsonLocation at = e.getLocation();
            throw ApiException.badRequest("request body is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiException.badRequest("could not read request body");
        }
    }

    private static String kindOf(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "something else";
        };
    }

    /** A field name shown back to the client, without letting it break the one-line error. */
    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A body that passed its rules. */
    public static final class Body {
        private final JsonNode node;

        private Body(JsonNode node) {
            this.node = node;
        }

        public boolean flag(String name) {
            JsonNode v = node.get(name);
            return v != null && v.booleanValue();
        }

        /** The text field, or null when absent, null or blank. */
        public String text(String name) {
            JsonNode v = node.get(name);
            return v == null || !v.isTextual() || v.textValue().isBlank() ? null : v.textValue().strip();
        }
    }
}
