package pog.hyperliquid.signing;

import java.util.Arrays;

/** A 20-byte account address, shown as lower-case {@code 0x} hex (Hyperliquid does not use EIP-55 checksums). */
public final class Address {
    private final byte[] bytes;
    private final String hex;

    private Address(byte[] bytes) {
        this.bytes = bytes;
        this.hex = Hex.encode0x(bytes);
    }

    /** Parses {@code 0x} + 40 hex digits (any case; the prefix is optional). */
    public static Address of(String text) {
        if (text == null) {
            throw new IllegalArgumentException("address is missing");
        }
        String digits = Hex.strip0x(text.trim());
        if (digits.length() != 40 || !Hex.isHex(digits)) {
            // Not echoed: a private key pasted into an address field would end up in a log.
            throw new IllegalArgumentException("not a 20-byte hex address (0x and 40 hex digits; got "
                    + text.length() + " characters)");
        }
        return new Address(Hex.decode(digits));
    }

    public static Address fromBytes(byte[] bytes) {
        if (bytes.length != 20) {
            throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
        }
        return new Address(bytes.clone());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Lower-case {@code 0x} hex, the form Hyperliquid's API uses. */
    @Override
    public String toString() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
