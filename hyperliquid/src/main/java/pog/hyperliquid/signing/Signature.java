package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;

/**
 * A secp256k1 signature as Hyperliquid carries it: {@code {"r": "0x..", "s": "0x..", "v": 27|28}}.
 * We always write r and s as 32-byte hex; we read them with or without leading zeros, because the Python SDK
 * strips them.
 */
public record Signature(BigInteger r, BigInteger s, int v) {

    public Signature {
        if (r == null || s == null) {
            throw new IllegalArgumentException("signature r and s are required");
        }
        if (r.signum() <= 0 || r.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("signature r is out of range");
        }
        if (s.signum() <= 0 || s.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("signature s is out of range");
        }
        if (v != 27 && v != 28) {
            throw new IllegalArgumentException("signature v must be 27 or 28, got " + v);
        }
    }

    /** Parses hex r and s of 1 to 64 digits, {@code 0x} optional. */
    public static Signature of(String r, String s, int v) {
        return new Signature(parseScalar("r", r), parseScalar("s", s), v);
    }

    /** Reads {@code {"r","s","v"}}. */
    public static Signature fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("signature must be an object {r, s, v}");
        }
        JsonNode r = node.get("r");
        JsonNode s = node.get("s");
        JsonNode v = node.get("v");
        if (r == null || !r.isTextual() || s == null || !s.isTextual() || v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("signature must have string r, string s and integer v");
        }
        return of(r.asText(), s.asText(), v.asInt());
    }

    /** r as {@code 0x} + 64 hex digits. */
    public String rHex() {
        return Hex.encode0x(toBytes32(r));
    }

    /** s as {@code 0x} + 64 hex digits. */
    public String sHex() {
        return Hex.encode0x(toBytes32(s));
    }

    /** {@code {"r": .., "s": .., "v": ..}} in that order. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("r", rHex());
        node.put("s", sHex());
        node.put("v", v);
        return node;
    }

    /** Recovery id 0 or 1. */
    int recId() {
        return v - 27;
    }

    static byte[] toBytes32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static BigInteger parseScalar(String name, String text) {
        if (text == null) {
            throw new IllegalArgumentException("signature " + name + " is missing");
        }
        String digits = Hex.strip0x(text.trim());
        if (digits.length() > 64 || !Hex.isHex(digits)) {
            throw new IllegalArgumentException("signature " + name + " must be at most 32 bytes of hex");
        }
        return new BigInteger(digits, 16);
    }
}
