package pog.hyperliquid.wire;

import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client order id as Hyperliquid takes it: 16 bytes, written {@code 0x} + 32 lower-case hex digits.
 * {@link #fromClientOrderId} derives one from our own client order id, so a retried placement carries the same
 * cloid and the venue can tell it is a retry.
 */
public final class Cloid {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;
    private final String hex;

    private Cloid(byte[] bytes) {
        this.bytes = bytes;
        this.hex = "0x" + HEX.formatHex(bytes);
    }

    /** Parses {@code 0x} + 32 hex digits. */
    public static Cloid parse(String text) {
        if (text == null || !(text.startsWith("0x") || text.startsWith("0X")) || text.length() != 34) {
            throw new IllegalArgumentException("a cloid is 0x followed by 32 hex digits, got '" + text + "'");
        }
        try {
            return new Cloid(HEX.parseHex(text.substring(2)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a cloid is 0x followed by 32 hex digits, got '" + text + "'");
        }
    }

    public static Cloid fromBytes(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a cloid is 16 bytes, got " + bytes.length);
        }
        return new Cloid(bytes.clone());
    }

    /** The first 16 bytes of keccak256(UTF-8 of {@code clientOrderId}): the same id always gives the same cloid. */
    public static Cloid fromClientOrderId(String clientOrderId) {
        if (clientOrderId == null || clientOrderId.isEmpty()) {
            throw new IllegalArgumentException("client order id is empty");
        }
        return new Cloid(Arrays.copyOf(Hash.sha3(clientOrderId.getBytes(StandardCharsets.UTF_8)), 16));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cloid other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
