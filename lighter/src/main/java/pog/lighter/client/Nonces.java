package pog.lighter.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongSupplier;

/**
 * Nonces of one API key, strictly increasing across restarts: the next is above both the venue's {@code nextNonce}
 * (asked at start and after any transaction whose outcome is unknown or whose nonce was refused) and the
 * high-water mark kept in a file, written before the nonce is used.
 */
final class Nonces {
    private final Path file;
    private final LongSupplier venueNext;
    private long next;
    private boolean stale = true;

    Nonces(Path file, LongSupplier venueNext) {
        this.file = file;
        this.venueNext = venueNext;
        try {
            this.next = Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) + 1 : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read nonce file " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized long next() {
        if (stale) {
            next = Math.max(next, venueNext.getAsLong());
            stale = false;
        }
        long n = next++;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(n), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record nonce in " + file, e);
        }
        return n;
    }

    /** Ask the venue again before the next nonce. */
    synchronized void resync() {
        stale = true;
    }
}
