package pog.common.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Secret files (keys, the control token): readable only by their owner, written atomically. */
public final class SecretFiles {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    public static boolean posix() {
        return Path.of(".").getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Reads a secret, refusing one that group or others can read. The message names the file and its mode,
     * never its content.
     */
    public static String readSecret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found or not a regular file");
        }
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                throw new IOException(file + ": mode " + PosixFilePermissions.toString(perms)
                        + " lets others read it; run: chmod 600 " + file);
            }
        }
        return Files.readString(file).trim();
    }

    /** Writes a secret file that only its owner can read, atomically (a reader sees all of it or nothing). */
    public static void writeSecret(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix()) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content + "\n", StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
