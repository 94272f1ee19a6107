package pog.hyperliquid.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;

/**
 * Nonces for one signer: each is {@code max(now_ms, previous + 1)}, so they strictly increase even when the clock
 * steps back, and a high-water mark persisted to a file keeps them increasing across restarts.
 *
 * <p>Hyperliquid rejects a nonce it has seen and one that is not above the smallest of the signer's 100 latest, so
 * one file per signer key (see {@link #forSigner}); the caller's state-directory lock keeps a second process off it.
 *
 * <p>With a zero reserve every nonce is written (temp file, fsync, rename) before it is handed out. A positive
 * reserve writes {@code nonce + reserve} and hands out nonces below that mark without touching the disk; after a
 * restart nonces continue above the mark, at most {@code reserve} ahead of the clock (the venue accepts nonces up to
 * a day ahead).
 */
public final class NonceSource {
    private final Path file;
    private final Clock clock;
    private final long reserveMs;
    private long last;
    private long persistedMark;

    /** Persists every nonce. */
    public NonceSource(Path file, Clock clock) {
        this(file, clock, Duration.ZERO);
    }

    public NonceSource(Path file, Clock clock, Duration reserve) {
        if (reserve.isNegative()) {
            throw new IllegalArgumentException("reserve must not be negative");
        }
        this.file = file;
        this.clock = clock;
        this.reserveMs = reserve.toMillis();
        this.last = read(file);
        this.persistedMark = last;
    }

    /** The nonce file of {@code signer} in {@code stateDir}: {@code hl-nonce-<address>}. */
    public static NonceSource forSigner(Path stateDir, Address signer, Clock clock, Duration reserve) {
        return new NonceSource(stateDir.resolve("hl-nonce-" + signer), clock, reserve);
    }

    /** The next nonce; it is on disk (or below the mark on disk) before it is returned. */
    public synchronized long next() {
        long nonce = Math.max(clock.millis(), last + 1);
        if (nonce > persistedMark) {
            long mark = nonce + reserveMs;
            write(file, mark);
            persistedMark = mark;
        }
        last = nonce;
        return nonce;
    }

    /** The last nonce handed out (after a restart: the persisted mark). 0 if none ever was. */
    public synchronized long last() {
        return last;
    }

    public Path file() {
        return file;
    }

    private static long read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read nonce file " + file, e);
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            // Guessing here could reuse nonces; the person must decide (deleting it is safe if the clock is right).
            throw new IllegalStateException("nonce file " + file + " does not hold a non-negative integer; "
                    + "delete it only if this host's clock is correct");
        }
    }

    private static void write(Path file, long value) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist nonce to " + file, e);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, and there it is best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename itself is still atomic there.
        }
    }
}
