package pog.pm.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last meaningful line a trader wrote to its log file since a given offset: what it said before it exited
 * (e.g. {@code config error: config/trader-hl.yaml: venue.keyFile: ...}). Stack frames, blank lines and usage hints
 * are skipped; the line is capped, and anything that looks like a key or the control token is masked, although the
 * trader's own lines never hold secrets.
 */
public final class LogTail {
    /** At most this much of the end of the log is read. */
    static final int WINDOW = 64 * 1024;
    public static final int MAX_CHARS = 300;

    private static final Pattern NOISE = Pattern.compile(
            "^(at [\\w$.<>/@-]+\\(.*\\)|\\.\\.\\. \\d+ more|Caused by:.*|Suppressed:.*|Try '.*--help'.*"
                    + "|Picked up (_JAVA|JAVA_TOOL|JDK_JAVA)_OPTIONS.*|Usage: .*)");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\t]]");
    /** 64 or more hex digits: the shape of a private key. */
    private static final Pattern KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64,}");

    private LogTail() {
    }

    /** The size of the log now: where the output of a process started next will begin. */
    public static long size(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * @param from   the log's size when the process started (its own output begins there)
     * @param secret a value that must never be shown (the control token), or null
     * @return the line, or null when the process wrote nothing meaningful (or the log cannot be read)
     */
    public static String lastLine(Path log, long from, String secret) {
        if (log == null) {
            return null;
        }
        String text;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long end = f.length();
            long start = Math.max(Math.min(from, end), end - WINDOW);
            byte[] buf = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(buf);
            text = new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        List<String> lines = text.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = clean(lines.get(i), secret);
            if (!line.isEmpty() && !NOISE.matcher(line).matches()) {
                return line;
            }
        }
        return null;
    }

    static String clean(String raw, String secret) {
        String line = CONTROL.matcher(ANSI.matcher(raw).replaceAll("")).replaceAll("").strip();
        if (secret != null && !secret.isEmpty()) {
            line = line.replace(secret, "[redacted]");
        }
        line = KEY.matcher(line).replaceAll("[redacted]");
        if (line.length() > MAX_CHARS) {
            line = line.substring(0, MAX_CHARS - 1) + "…";
        }
        return line;
    }
}
