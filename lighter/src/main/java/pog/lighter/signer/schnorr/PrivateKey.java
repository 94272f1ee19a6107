package pog.lighter.signer.schnorr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import pog.lighter.signer.curve.Scalar;
import pog.lighter.signer.field.GfP5;

/**
 * A Lighter API private key: a 40-byte little-endian ECgFp5 scalar, usually written as 80 hex
 * digits (optionally 0x-prefixed).
 *
 * <p>The key never appears in {@link #toString()}, in an exception message, or in a log; the
 * only way out is {@link #revealHex()}, named so it is hard to call by accident.
 */
public final class PrivateKey {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Scalar scalar;
    private final GfP5 publicKey;

    private PrivateKey(Scalar scalar) {
        if (scalar.isZero()) {
            throw new IllegalArgumentException("private key is zero");
        }
        this.scalar = scalar;
        this.publicKey = Schnorr.publicKey(scalar);
    }

    public static PrivateKey generate(SecureRandom random) {
        return new PrivateKey(Scalar.random(random));
    }

    /**
     * Generates a key and writes it as hex to a new file created with mode 0600 (never
     * overwriting an existing file), for registering as a Lighter API key.
     *
     * @throws IllegalStateException naming the file when it exists or cannot be created
     */
    public static PrivateKey generateToFile(Path file, SecureRandom random) {
        PrivateKey key = generate(random);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.getFileStore(parent).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.write(file, (key.revealHex() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            throw new IllegalStateException("Lighter key file " + file + " already exists; not overwriting it");
        } catch (IOException e) {
            throw new IllegalStateException("Lighter key file " + file + " cannot be written: " + pog.common.fs.IoWords.of(e));
        }
        return key;
    }

    /** 40 little-endian bytes, reduced modulo the group order as the reference does. */
    public static PrivateKey fromBytes(byte[] bytes) {
        if (bytes.length != Scalar.BYTES) {
            throw new IllegalArgumentException("private key must be 40 bytes, got " + bytes.length);
        }
        return new PrivateKey(Scalar.fromLittleEndianBytesReduced(bytes));
    }

    /** 80 hex digits, optionally 0x-prefixed; surrounding whitespace is ignored. */
    public static PrivateKey fromHex(String hex) {
        String h = hex.strip();
        if (h.startsWith("0x") || h.startsWith("0X")) {
            h = h.substring(2);
        }
        if (h.length() != 2 * Scalar.BYTES) {
            throw new IllegalArgumentException("private key must be 80 hex digits, got " + h.length() + " characters");
        }
        byte[] b = new byte[Scalar.BYTES];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(h.charAt(2 * i), 16);
            int lo = Character.digit(h.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("private key is not hexadecimal");
            }
            b[i] = (byte) ((hi << 4) | lo);
        }
        return fromBytes(b);
    }

    /**
     * Reads the hex key from a file that only its owner may read or write (mode 0600, 0400 or
     * stricter). On a file system without POSIX permissions the mode cannot be checked and the
     * file is read as is.
     *
     * @throws IllegalStateException naming the file (and its mode), never its content
     */
    public static PrivateKey fromFile(Path file) {
        try {
            // Links are followed: what matters is who can read the key, e.g. behind a mounted secret's symlink.
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> perms = view.readAttributes().permissions();
                Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
                loose.addAll(perms);
                loose.retainAll(GROUP_OR_OTHER);
                if (!loose.isEmpty()) {
                    throw new IllegalStateException("Lighter key file " + file + " has mode " + octal(perms)
                            + " (" + PosixFilePermissions.toString(perms) + "); it must be readable by its owner only:"
                            + " chmod 600 " + file);
                }
            }
            String content = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
            try {
                return fromHex(content);
            } catch (IllegalArgumentException bad) {
                throw new IllegalStateException("Lighter key file " + file + " does not hold a key: " + bad.getMessage());
            }
        } catch (NoSuchFileException missing) {
            throw new IllegalStateException("Lighter key file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalStateException("Lighter key file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** Reads the hex key from an environment variable (named in errors, its value never). */
    public static PrivateKey fromEnv(String variable) {
        return fromEnv(System.getenv(), variable);
    }

    public static PrivateKey fromEnv(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
        }
        try {
            return fromHex(value);
        } catch (IllegalArgumentException bad) {
            throw new IllegalStateException("environment variable " + variable + " does not hold a key: " + bad.getMessage());
        }
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    Scalar scalar() {
        return scalar;
    }

    public GfP5 publicKey() {
        return publicKey;
    }

    /** The 40-byte public key as 80 lowercase hex digits (what Lighter registers for the API key). */
    public String publicKeyHex() {
        return java.util.HexFormat.of().formatHex(publicKey.toLittleEndianBytes());
    }

    /** The private key as 80 hex digits, for writing a freshly generated key to its 0600 file. */
    public String revealHex() {
        return java.util.HexFormat.of().formatHex(scalar.toLittleEndianBytes());
    }

    public Signature sign(GfP5 message) {
        return Schnorr.sign(message, this);
    }

    @Override
    public String toString() {
        return "PrivateKey(redacted, publicKey=" + publicKeyHex() + ")";
    }
}
