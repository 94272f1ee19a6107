package pog.lighter.client;

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
 * Client ids to Lighter client order indexes: {@code 1 + (SHA-256(account ":" clientId) mod (2^48 - 1))}, so the same
 * client id is the same index in every process, and a retry or a restart finds the order it may have placed. The
 * reverse map (index to client id, for orders and fills the venue reports) is appended to a file as ids are used.
 */
final class ClientOrderIndexes {
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

    static long indexOf(long account, String clientId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((account + ":" + clientId).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return 1 + Long.remainderUnsigned(v, MAX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The index of a client id, remembered (on disk) for the way back. */
    long register(String clientId) {
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
        return index == 0 ? null : byIndex.get(index);
    }
}
