package pog.lighter.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongSupplier;

/**
 * Nonces of one API key. Lighter takes a slot's nonces one after another (a gap or a reuse is refused with 21104), so
 * the venue's {@code nextNonce} is the truth: after a refused nonce the next one is exactly what the venue answers,
 * even below the high-water mark (a nonce the venue never took can be used again: it executes once at most). At
 * start and after a transaction whose outcome is unknown, the next is above both the venue's answer and the
 * high-water mark kept in a file (written before the nonce is used), so a transaction still in flight is not
 * answered with a second use of its nonce.
 */
final class Nonces {
    private final Path file;
    private final LongSupplier venueNext;
    private long next;
    private boolean stale = true;
    private boolean exact;

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
            long venue = venueNext.getAsLong();
            next = exact ? venue : Math.max(next, venue);
            stale = false;
            exact = false;
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

    /** Ask the venue again before the next nonce (an unknown outcome: never go below the high-water mark). */
    synchronized void resync() {
        stale = true;
    }

    /** The venue refused a nonce as not its next: take exactly what it answers next. */
    synchronized void refused() {
        stale = true;
        exact = true;
    }
}
