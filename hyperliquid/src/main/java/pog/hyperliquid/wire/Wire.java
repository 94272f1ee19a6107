package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict field readers for parsing wire JSON; each error names the field. */
final class Wire {
    private Wire() {
    }

    static JsonNode field(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return value;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return value.textValue();
    }

    static boolean bool(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("field '" + name + "' must be true or false");
        }
        return value.booleanValue();
    }

    static long integer(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + name + "' must be an integer");
        }
        return value.longValue();
    }

    static int int32(JsonNode node, String name) {
        long value = integer(node, name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + name + "' is out of range");
        }
        return (int) value;
    }
}
