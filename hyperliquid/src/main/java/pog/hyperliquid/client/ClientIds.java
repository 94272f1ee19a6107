package pog.hyperliquid.client;

import pog.hyperliquid.wire.Cloid;

import pog.venue.Placement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Our client ids behind Hyperliquid's cloids and oids. A cloid is a hash of the client id, so the venue cannot give
 * the client id back; and fills name only the oid. A trader that restarts must still recognise its stop among the
 * open orders and its orders among the fills, so every mapping is appended to a file ({@code cloid clientId [oid]}
 * per line) and the cloid line is on disk before the order is sent.
 *
 * <p>Client ids with whitespace are refused: they could not be read back. A client id that is itself a cloid
 * ({@code 0x} + 32 hex) is used as the cloid, so orders placed elsewhere can be cancelled by their cloid.
 */
final class ClientIds implements Placement.Registry<Cloid> {
    private static final Pattern CLOID = Pattern.compile("0x[0-9a-fA-F]{32}");
    private final Path file;
    private final Map<String, String> clientIdByCloid = new HashMap<>();
    private final Map<Long, String> cloidByOid = new HashMap<>();

    /** @param file null keeps the mappings in memory only (tests, tools) */
    ClientIds(Path file) {
        this.file = file;
        if (file != null) {
            load();
        }
    }

    static Cloid cloidOf(String clientId) {
        pog.venue.ClientId own = pog.venue.ClientId.parse(clientId);
        if (own != null) {
            return Cloid.of(own);
        }
        if (CLOID.matcher(clientId).matches()) {
            return Cloid.parse(clientId.toLowerCase());
        }
        return Cloid.fromClientOrderId(clientId);
    }

    /** Whether this client id was registered before (by this process or one before it that shared the file). */
    @Override
    public synchronized boolean known(String clientId) {
        return clientId.equals(clientIdByCloid.get(cloidOf(clientId).toString()));
    }

    /** Records the client id of a cloid durably (before the order carrying it is sent). */
    @Override
    public synchronized Cloid register(String clientId) {
        if (clientId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("client id must not contain whitespace");
        }
        Cloid cloid = cloidOf(clientId);
        String key = cloid.toString();
        if (!clientId.equals(clientIdByCloid.get(key))) {
            clientIdByCloid.put(key, clientId);
            append(key + " " + clientId + "\n");
        }
        return cloid;
    }

    /** Learns the venue's oid of a cloid (from an answer, an open order or an order update). */
    synchronized void linkOid(String cloid, long oid) {
        if (cloid == null) {
            return;
        }
        String key = cloid.toLowerCase();
        if (key.equals(cloidByOid.get(oid))) {
            return;
        }
        cloidByOid.put(oid, key);
        String clientId = clientIdByCloid.get(key);
        if (clientId != null) {
            append(key + " " + clientId + " " + oid + "\n");
        }
    }

    /** Our client id for a cloid; the cloid itself for an order we did not place; null without a cloid. */
    synchronized String clientIdOf(String cloid) {
        if (cloid == null) {
            return null;
        }
        String key = cloid.toLowerCase();
        String known = clientIdByCloid.get(key);
        if (known != null) {
            return known;
        }
        // read from the cloid itself: a PoG id comes back even when the mapping file is gone
        pog.venue.ClientId own = CLOID.matcher(key).matches() ? Cloid.parse(key).clientId() : null;
        return own != null ? own.toString() : key;
    }

    /** The cloid of an oid, if known. */
    synchronized String cloidOfOid(long oid) {
        return cloidByOid.get(oid);
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read client id file " + file, e);
        }
        for (String line : lines) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 2 || !CLOID.matcher(parts[0]).matches()) {
                continue; // a line torn by a crash mid-append
            }
            clientIdByCloid.put(parts[0], parts[1]);
            if (parts.length >= 3) {
                try {
                    cloidByOid.put(Long.parseLong(parts[2]), parts[0]);
                } catch (NumberFormatException e) {
                    // torn line: the oid is learnt again from the venue
                }
            }
        }
    }

    private void append(String line) {
        if (file == null) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client id file " + file, e);
        }
    }
}
