package pog.pm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PM's JVM options, defined once in {@code pm/src/main/resources/pog/pm/jvm.options} (one option per line, {@code #}
 * comments): {@code ./pog pm} and {@code pog.cmd pm} read that file from the source tree, {@code pog watchdog} and
 * {@code pog demo} read it from the jar through {@link #command}. {@code POG_JAVA_OPTS} replaces them everywhere, as it
 * does for every other command. Why each option: docs/pm.md ("PM's JVM options").
 */
public final class PmJvm {
    /** The resource, relative to the class path root. */
    public static final String RESOURCE = "pog/pm/jvm.options";

    private PmJvm() {
    }

    /** The options of the file, in order. */
    public static List<String> options() {
        try (InputStream in = PmJvm.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One option a line; blank lines and everything from a {@code #} on are ignored, as the launchers do. */
    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int hash = line.indexOf('#');
                String o = (hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s", "");
                if (!o.isEmpty()) {
                    out.add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The command that runs PM as this same program runs ({@code self}: java, this JVM's options, then {@code -jar
     * JAR} or {@code -cp PATH MAIN}), with PM's options in place of this JVM's: the watchdog and the demo run with the
     * options of every other command, PM with its own. Only the class-data-sharing archive this JVM was given (the
     * launcher's, made for this jar) carries over. With {@code POG_JAVA_OPTS} set in {@code env}, {@code self} is
     * returned as it is: the person's options apply to PM too, as with {@code ./pog pm}.
     */
    public static List<String> command(List<String> self, Map<String, String> env) {
        String override = env.get("POG_JAVA_OPTS");
        if (override != null && !override.isBlank()) {
            return List.copyOf(self);
        }
        int start = -1;
        for (int i = 1; i < self.size(); i++) {
            if (self.get(i).equals("-jar") || self.get(i).equals("-cp")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("not a java command line (no -jar or -cp): " + self);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(self.get(0));
        cmd.addAll(options());
        for (String o : self.subList(1, start)) {
            if (o.startsWith("-XX:SharedArchiveFile=")) {
                cmd.add(pmArchive(o));
            } else if (o.startsWith("-Xshare:") || o.startsWith("-Xlog:cds")) {
                cmd.add(o);
            }
        }
        cmd.addAll(self.subList(start, self.size()));
        return cmd;
    }

    /**
     * PM's own archive ({@code pog-<...>.pm.jsa}, PM's classes alone, made by {@code ./pog pm}) beside the launcher's
     * shared one when it exists: the JVM maps all of an archive, so the shared one costs PM memory for classes it never
     * loads. Otherwise the shared one.
     */
    static String pmArchive(String option) {
        String file = option.substring("-XX:SharedArchiveFile=".length());
        if (file.endsWith(".jsa") && !file.endsWith(".pm.jsa")) {
            String pm = file.substring(0, file.length() - ".jsa".length()) + ".pm.jsa";
            if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(pm))) {
                return "-XX:SharedArchiveFile=" + pm;
            }
        }
        return option;
    }
}
