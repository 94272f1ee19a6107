package pog.venue;

/**
 * A client order id as PoG makes it: the trader's instance epoch and a sequence within it, written
 * {@code pog-<epoch>-<sequence>}. Each venue carries both numbers in its own id field, bit for bit (never hashed),
 * so a trader reads the epoch back from any order or fill the venue shows it:
 * <ul>
 *   <li>Hyperliquid's 16-byte cloid: {@code 50 6f 47 01} ("PoG", layout 1), the epoch in bytes 4..11 and the
 *       sequence in bytes 12..15, big-endian: {@code 0x506f4701 000000000a1b2c3d 00000007}.</li>
 *   <li>Lighter's client order index (1 .. 2^48-1, unique on the account): {@code 0xA} in the top 4 of its 48
 *       bits, the epoch in the next 30, the sequence in the low 14.</li>
 * </ul>
 * Lighter is the narrower, so it sets the widths for every venue: an epoch fits in {@link #EPOCH_BITS} bits and a
 * sequence runs from 1 to {@link #MAX_SEQUENCE}; the trader takes a new epoch before the sequence runs out. An id
 * without the prefix (a person's manual order, an id from before this layout) is not a PoG id: {@link #parse}
 * answers null for it.
 */
public record ClientId(long epoch, long sequence) {
    public static final int EPOCH_BITS = 30;
    public static final int SEQUENCE_BITS = 14;
    public static final long MAX_EPOCH = (1L << EPOCH_BITS) - 1;
    public static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    private static final String PREFIX = "pog-";

    public ClientId {
        if (epoch < 1 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside 1.." + MAX_EPOCH);
        }
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence " + sequence + " is outside 1.." + MAX_SEQUENCE);
        }
    }

    /** The id of a text written by {@link #toString()}, or null for any other text (not a PoG id). */
    public static ClientId parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        int dash = text.indexOf('-', PREFIX.length());
        if (dash < 0) {
            return null;
        }
        long epoch = number(text, PREFIX.length(), dash);
        long sequence = number(text, dash + 1, text.length());
        if (epoch < 1 || epoch > MAX_EPOCH || sequence < 1 || sequence > MAX_SEQUENCE) {
            return null;
        }
        return new ClientId(epoch, sequence);
    }

    /** The epoch of a client id, or -1 when it is not a PoG id. */
    public static long epochOf(String clientId) {
        ClientId id = parse(clientId);
        return id == null ? -1 : id.epoch;
    }

    /** Decimal digits only, no sign, no leading zero (one spelling per id); -1 otherwise. */
    private static long number(String s, int from, int to) {
        if (to <= from || to - from > 10 || (s.charAt(from) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    @Override
    public String toString() {
        return PREFIX + epoch + "-" + sequence;
    }
}
