package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code java -jar pog.jar ...} process, as a person or PM would start it, with output captured to files.
 * Tests close it; close kills it if it still runs, so no test leaves a process behind.
 */
public final class PogProcess implements AutoCloseable {
    public static final String TOKEN = "it-control-token-0123456789abcdef";

    private final Process process;
    private final Path out;
    private final Path err;

    private PogProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static Path jar() {
        String jar = System.getProperty("pog.jar");
        if (jar == null) {
            throw new IllegalStateException("system property pog.jar is not set (run through mvn verify)");
        }
        return Path.of(jar);
    }

    public static PogProcess start(Path workDir, String name, List<String> args) throws IOException {
        return start(workDir, name, args, Map.of());
    }

    public static PogProcess start(Path workDir, String name, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xmx128m");
        Path archive = classArchive();
        if (archive != null) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
            cmd.add("-Xlog:cds*=off"); // a JVM that cannot map it starts without it, and says nothing on stdout
        }
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(args);
        Files.createDirectories(workDir);
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("POG_CONTROL_TOKEN", TOKEN);
        pb.environment().putAll(env);
        return new PogProcess(pb.start(), out, err);
    }

    /** The archive made for the current pog.jar, absent (false) when it could not be made: tried once. */
    private static Path archive;
    private static boolean archiveTried;

    /**
     * A class-data-sharing archive of pog.jar's classes (JDK dynamic AppCDS), made once per jar (its name carries the
     * jar's size and time, so a rebuilt jar gets its own) by one short run of a simulator that exits normally. Every
     * process the ITs start maps the classes instead of loading them: about a third off each JVM start (measured:
     * median 7.7 s to 5.0 s to a simulator's first answer at load average 14-20), and the ITs start a hundred. Null
     * when it cannot be made, or with {@code -Dpog.it.cds=false}; the processes then start as without it, which
     * changes nothing they do.
     */
    static synchronized Path classArchive() {
        if (archiveTried) {
            return archive;
        }
        archiveTried = true;
        if (!Boolean.parseBoolean(System.getProperty("pog.it.cds", "true"))) {
            return null; // -Dpog.it.cds=false: every process loads its classes, as a deployment without an archive
        }
        Path jar = jar();
        // the IT forks run side by side (failsafe forkCount): one makes the archive, the others wait for it and use it
        try (java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(
                jar.resolveSibling("pog-cds.lock"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock ignored = lockFile.lock()) {
            Path target = jar.resolveSibling("pog-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
            if (!Files.exists(target)) {
                Path dir = Files.createTempDirectory(jar.getParent(), "pog-cds");
                Path made = dir.resolve("pog.jsa");
                int port;
                try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-XX:ArchiveClassesAtExit=" + made,
                        "-Xlog:cds*=off", "-jar", jar.toString(), "exchange-sim", "--venue", "hyperliquid", "--port",
                        Integer.toString(port), "--data-dir", dir.resolve("sim").toString(), "--admin")
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                            .until(() -> Http.postJson("http://127.0.0.1:" + port + "/info", "{\"type\":\"meta\"}")
                                    .json().has("universe"));
                    p.destroy(); // SIGTERM: a normal exit, which writes the archive
                    if (!p.waitFor(60, TimeUnit.SECONDS) || !Files.exists(made)) {
                        return null;
                    }
                } finally {
                    p.destroyForcibly();
                }
                try (var old = Files.newDirectoryStream(jar.getParent(), "pog-*.jsa")) {
                    for (Path stale : old) { // an earlier jar's: no JVM of this build can map it
                        Files.deleteIfExists(stale);
                    }
                }
                Files.move(made, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            archive = target;
        } catch (Exception | AssertionError e) {
            System.err.println("[PogProcess] no class archive (processes start without one): " + e);
        }
        return archive;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + pid() + " still running after " + timeout + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM. */
    public void term() {
        process.destroy();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    /** The port a trader started with --port 0 chose, from its run file. */
    public static int awaitPort(Path dataDir, PogProcess p) {
        Path run = dataDir.resolve("run.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("process exited " + p.process.exitValue() + ": " + p.stderr() + p.stdout());
            }
            return Files.exists(run) && readPid(run) == p.pid();
        });
        try {
            return Json.mapper().readTree(Files.readAllBytes(run)).get("port").asInt();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long readPid(Path run) {
        try {
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(run));
            return n.get("pid").asLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
