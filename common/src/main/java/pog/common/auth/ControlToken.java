package pog.common.auth;

import pog.common.fs.SecretFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The secret every control action of one installation needs: from {@code POG_CONTROL_TOKEN}, else from a file that
 * is created (mode 0600, 256 random bits) the first time any service needs it. Never logged, never in a URL.
 */
public final class ControlToken {
    public static final String ENV = "POG_CONTROL_TOKEN";
    private static final int MIN_LENGTH = 16;

    private final byte[] token;
    private final String source;

    private ControlToken(String token, String source) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.source = source;
    }

    public static ControlToken of(String token) {
        return new ControlToken(token, "given");
    }

    /** Environment first, then the file (created when missing). */
    public static ControlToken resolve(Map<String, String> env, Path file) throws IOException {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            requireStrong(fromEnv.trim(), ENV);
            return new ControlToken(fromEnv.trim(), "environment " + ENV);
        }
        if (!Files.exists(file)) {
            create(file);
        }
        String fromFile = SecretFiles.readSecret(file);
        requireStrong(fromFile, file.toString());
        return new ControlToken(fromFile, "file " + file);
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            SecretFiles.writeSecret(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        } catch (FileAlreadyExistsException raced) {
            // another service of this installation created it first: theirs is the token now
        }
    }

    private static void requireStrong(String token, String where) throws IOException {
        if (token.length() < MIN_LENGTH) {
            throw new IOException(where + ": control token is shorter than " + MIN_LENGTH + " characters");
        }
    }

    /** Constant-time check of a presented token (null or empty never matches). */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks an {@code Authorization: Bearer <token>} header value. */
    public boolean matchesBearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return matches(header.substring(7).trim());
    }

    /** The token itself, for a client that must present it (CLI, PM calling a trader). */
    public String reveal() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Where the token came from, safe to log. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "ControlToken[" + source + "]";
    }
}
