package pog.hyperliquid.wire;

import org.web3j.crypto.Hash;
import pog.venue.ClientId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client order id as Hyperliquid takes it: 16 bytes, written {@code 0x} + 32 lower-case hex digits.
 * {@link #fromClientOrderId} derives one from our own client order id, so a retried placement carries the same
 * cloid and the venue can tell it is a retry. A PoG client id ({@link ClientId}) is not hashed but laid out in the
 * cloid ({@link #of(ClientId)}), so its epoch can be read back from any order or fill ({@link #clientId()}).
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

    /** PoG's layout: "PoG" and layout 1 ({@code 50 6f 47 01}), the epoch (8 bytes), the sequence (4 bytes). */
    private static final byte[] POG_LAYOUT = {0x50, 0x6f, 0x47, 0x01};

    /** The cloid that carries a PoG client id, bit for bit (see {@link ClientId} for the layout). */
    public static Cloid of(ClientId id) {
        byte[] b = new byte[16];
        System.arraycopy(POG_LAYOUT, 0, b, 0, 4);
        for (int i = 0; i < 8; i++) {
            b[4 + i] = (byte) (id.epoch() >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            b[12 + i] = (byte) (id.sequence() >>> (24 - 8 * i));
        }
        return new Cloid(b);
    }

    /** The PoG client id this cloid carries, or null for any other cloid (a hash, a person's own). */
    public ClientId clientId() {
        for (int i = 0; i < 4; i++) {
            if (bytes[i] != POG_LAYOUT[i]) {
                return null;
            }
        }
        long epoch = 0;
        for (int i = 4; i < 12; i++) {
            epoch = (epoch << 8) | (bytes[i] & 0xff);
        }
        long sequence = 0;
        for (int i = 12; i < 16; i++) {
            sequence = (sequence << 8) | (bytes[i] & 0xff);
        }
        if (epoch < 1 || epoch > ClientId.MAX_EPOCH || sequence < 1 || sequence > ClientId.MAX_SEQUENCE) {
            return null;
        }
        return new ClientId(epoch, sequence);
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
