package pog.hyperliquid.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A secp256k1 private key: an account's own key or an agent (API wallet) key; both sign the same way.
 * It never shows itself: {@link #toString()} names only the address, and no error message quotes the key.
 */
public final class PrivateKey {
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final BigInteger scalar;
    private final Address address;

    private PrivateKey(BigInteger scalar) {
        this.scalar = scalar;
        this.address = Secp256k1.address(Secp256k1.publicKey(scalar));
    }

    /**
     * Parses 32 bytes of hex ({@code 0x} optional, surrounding whitespace ignored).
     *
     * @param source where the text came from, for the error message (e.g. "key file /etc/pog/hl.key")
     */
    public static PrivateKey fromHex(String text, String source) {
        String digits = text == null ? "" : Hex.strip0x(text.trim());
        if (digits.length() != 64 || !Hex.isHex(digits)) {
            throw new KeyLoadException(source + " does not hold a private key (expected 64 hex digits, 0x optional)");
        }
        BigInteger scalar = new BigInteger(digits, 16);
        if (scalar.signum() == 0 || scalar.compareTo(Secp256k1.N) >= 0) {
            throw new KeyLoadException(source + " holds a value that is not a valid secp256k1 private key");
        }
        return new PrivateKey(scalar);
    }

    public static PrivateKey fromHex(String text) {
        return fromHex(text, "the given text");
    }

    /**
     * Reads a key file holding the hex key. On POSIX file systems the file must be mode 0600 or stricter
     * (owner read/write at most), so that no other user can have read it.
     */
    public static PrivateKey fromFile(Path file) {
        String source = "key file " + file;
        if (!Files.exists(file)) {
            throw new KeyLoadException(source + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new KeyLoadException(source + " is not a regular file");
        }
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                if (!OWNER_READ_WRITE.containsAll(perms)) {
                    String mode = octal(perms);
                    throw new KeyLoadException(source + " has mode " + mode
                            + "; it must be 0600 or stricter (run: chmod 600 " + file + ")");
                }
            }
            return fromHex(Files.readString(file, StandardCharsets.US_ASCII), source);
        } catch (NoSuchFileException e) {
            throw new KeyLoadException(source + " does not exist");
        } catch (IOException e) {
            throw new KeyLoadException(source + " cannot be read: " + pog.common.fs.IoWords.of(e));
        }
    }

    /** Reads the key from environment variable {@code name}. */
    public static PrivateKey fromEnv(String name) {
        return fromEnv(name, System.getenv());
    }

    public static PrivateKey fromEnv(String name, Map<String, String> env) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new KeyLoadException("environment variable " + name + " is not set");
        }
        return fromHex(value, "environment variable " + name);
    }

    /** The address this key signs as: the account's own, or the agent's for an API-wallet key. */
    public Address address() {
        return address;
    }

    /** Signs a 32-byte digest. Package-private: everything outside signs actions, not raw digests. */
    Signature sign(byte[] digest) {
        return Secp256k1.sign(digest, scalar);
    }

    @Override
    public String toString() {
        return "PrivateKey[address=" + address + ", key=<redacted>]";
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }
}
