package pog.lighter.client;

import pog.venue.ClientId;

import pog.venue.Placement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client ids to Lighter client order indexes. A PoG client id ({@link ClientId}) is laid out in the index's 48 bits:
 * {@code 0xA} in the top 4, the epoch in the next 30, the sequence in the low 14, so the epoch is read back from any
 * order or trade the venue reports, mapping file or not. Any other client id is
 * {@code 1 + (SHA-256(account ":" clientId) mod (2^48 - 1))}, with the top nibble moved off {@code 0xA} so it never
 * reads as a PoG id. Either way the same client id is the same index in every process, and a retry or a restart
 * finds the order it may have placed. The reverse map (index to client id) is appended to a file as ids are used.
 */
final class ClientOrderIndexes implements Placement.Registry<Long> {
    static final long MAX = (1L << 48) - 1;

    private final long account;
    private final Path file;
    private final Map<Long, String> byIndex = new ConcurrentHashMap<>();

    ClientOrderIndexes(long account, Path file) {
        this.account = account;
        this.file = file;
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        byIndex.put(Long.parseLong(line.substring(0, tab)), line.substring(tab + 1));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read client order indexes " + file + ": " + e.getMessage(), e);
        }
    }

    /** The top 4 of the 48 bits of a PoG client order index. */
    static final long POG_LAYOUT = 0xAL;
    private static final int LAYOUT_SHIFT = ClientId.EPOCH_BITS + ClientId.SEQUENCE_BITS;

    /** The index that carries a PoG client id, bit for bit. */
    static long indexOf(ClientId id) {
        return (POG_LAYOUT << LAYOUT_SHIFT) | (id.epoch() << ClientId.SEQUENCE_BITS) | id.sequence();
    }

    /** The PoG client id an index carries, or null for any other index (a hash, a person's own number). */
    static ClientId pogIdOf(long index) {
        if (index < 1 || index > MAX || (index >>> LAYOUT_SHIFT) != POG_LAYOUT) {
            return null;
        }
        long epoch = (index >>> ClientId.SEQUENCE_BITS) & ClientId.MAX_EPOCH;
        long sequence = index & ClientId.MAX_SEQUENCE;
        return epoch == 0 || sequence == 0 ? null : new ClientId(epoch, sequence);
    }

    static long indexOf(long account, String clientId) {
        ClientId pog = ClientId.parse(clientId);
        if (pog != null) {
            return indexOf(pog);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((account + ":" + clientId).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            long index = 1 + Long.remainderUnsigned(v, MAX);
            // a hashed id never wears PoG's layout: the epoch read from an index is always a real one
            return (index >>> LAYOUT_SHIFT) == POG_LAYOUT ? index ^ (1L << LAYOUT_SHIFT) : index;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this client id was registered before (by this process or one before it that shared the file). */
    @Override
    public boolean known(String clientId) {
        return clientId.equals(byIndex.get(indexOf(account, clientId)));
    }

    /** The index of a client id, remembered (on disk) for the way back. */
    @Override
    public Long register(String clientId) {
        if (clientId.indexOf('\n') >= 0 || clientId.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("client id must not contain tabs or line breaks");
        }
        long index = indexOf(account, clientId);
        String known = byIndex.putIfAbsent(index, clientId);
        if (known == null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, index + "\t" + clientId + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                byIndex.remove(index);
                throw new UncheckedIOException("cannot record client order index in " + file, e);
            }
        }
        return index;
    }

    /** Our client id for an index, or null for an order this client never placed. */
    String clientIdOf(long index) {
        if (index == 0) {
            return null;
        }
        String known = byIndex.get(index);
        if (known != null) {
            return known;
        }
        ClientId pog = pogIdOf(index);
        return pog == null ? null : pog.toString();
    }
}
