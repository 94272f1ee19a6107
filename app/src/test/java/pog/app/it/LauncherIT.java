package pog.app.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code ./pog} launcher, run by bash as a person runs it, in a copy of the source tree (so that rebuilding it
 * never touches the jar the rest of the build tests): build output never makes it rebuild, services run from a copy
 * of the jar that no build writes (a {@code ./mvnw verify} beside a running demo rewrites app/target/pog.jar in
 * place), and a rebuild never pulls the jar from under a running service: the service keeps its file and is named.
 */
class LauncherIT {
    private static final Set<String> NOT_COPIED = Set.of(".git", "target", "var", "node_modules");

    @TempDir
    static Path work;
    static Path tree;
    static Path jar;

    @BeforeAll
    static void copyTheTree() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc (Linux)");
        Path root = PogProcess.jar().toAbsolutePath().getParent().getParent().getParent();
        tree = work.toRealPath().resolve("pog");
        copy(root, tree);
        // every source is older than the jar, as after a fresh clone and its first build
        FileTime cloned = FileTime.from(Instant.now().minusSeconds(600));
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(f, cloned);
            }
        }
        jar = tree.resolve("app/target/pog.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(PogProcess.jar(), jar);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(300)));
    }

    @Test
    void buildOutputNewerThanTheJarNeverTriggersARebuild() throws Exception {
        Object inode = Files.getAttribute(jar, "unix:ino");
        FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000);
        // what a benchmark build, an IDE or the test build leave behind, all newer than the jar
        for (String generated : List.of("bench/target/generated-sources/annotations/pog/bench/jmh_generated/X_jmhTest.java",
                "common/target/classes/pog/common/config/ConfigLoader.class", "app/target/classes/pog/app/Main.class",
                "pm/target/generated-sources/Y.java", "var/demo/pm.log", "bench/src/main/java/pog/bench/New.java")) {
            Path f = tree.resolve(generated);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "// generated\n");
            Files.setLastModifiedTime(f, later);
        }
        Run r = pog(Map.of("POG_NO_CDS", "1"), "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("pog ");
        assertThat(r.err()).doesNotContain("building");
        assertThat(Files.getAttribute(jar, "unix:ino")).isEqualTo(inode);
    }

    private Process service(Path out) throws IOException {
        ProcessBuilder service = new ProcessBuilder("bash", tree.resolve("pog").toString(), "exchange-sim", "--venue",
                "hyperliquid", "--port", "0", "--data-dir", work.resolve("sim-" + System.nanoTime()).toString())
                .directory(tree.toFile()).redirectOutput(out.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // the service starts from the jar as it is; building is the launcher call's business below
        service.environment().put("POG_SKIP_BUILD", "1");
        service.environment().put("POG_NO_CDS", "1");
        service.environment().remove("POG_JAVA_OPTS");
        return service.start();
    }

    private static void end(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int meta(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/info"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"meta\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aBuildRewritingTheJarInPlaceLeavesTheRunningServiceItsOwnCopy() throws Exception {
        Path out = work.resolve("sim-inplace.out");
        Process sim = service(out);
        try {
            Path runDir = tree.resolve("var/jar");
            Path openJar = await().atMost(Duration.ofSeconds(60)).until(() -> openFileUnder(sim.pid(), runDir),
                    Optional::isPresent).orElseThrow();
            int port = await().atMost(Duration.ofSeconds(60)).until(() -> port(out), p -> p > 0);
            Path running = Files.readSymbolicLink(openJar);
            assertThat(Files.getAttribute(running, "unix:ino")).isNotEqualTo(Files.getAttribute(jar, "unix:ino"));
            long size = Files.size(running);
            byte[] original = Files.readAllBytes(jar);
            try {
                // what the shade plugin of a `./mvnw package` beside the demo does: the same file, rewritten
                Files.write(jar, new byte[]{'P', 'K', 0, 0}, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                assertThat(Files.size(running)).isEqualTo(size);
                assertThat(sim.isAlive()).isTrue();
                assertThat(meta(port)).isEqualTo(200);
            } finally {
                Files.write(jar, original, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(300)));
            }
        } finally {
            end(sim);
        }
    }

    @Test
    void aRebuildLeavesTheRunningServiceItsJarAndNamesIt() throws Exception {
        Path out = work.resolve("sim.out");
        Process sim = service(out);
        try {
            Path runDir = tree.resolve("var/jar");
            Path openJar = await().atMost(Duration.ofSeconds(60)).until(() -> openFileUnder(sim.pid(), runDir),
                    Optional::isPresent).orElseThrow();
            Path oldCopy = Files.readSymbolicLink(openJar);
            Object oldInode = Files.getAttribute(oldCopy, "unix:ino");
            int port = await().atMost(Duration.ofSeconds(60)).until(() -> port(out), p -> p > 0);

            Path source = tree.resolve("common/src/main/java/pog/common/config/Validator.java");
            Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
            Run r = pog(Map.of(), "--version");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("pog ");
            assertThat(r.err()).contains("pog: building " + jar)
                    .contains("these processes still run the previous build until you restart them")
                    .contains("pid " + sim.pid() + ": pog exchange-sim --venue hyperliquid --port 0");
            // the service still has the copy it started from, untouched (kept: a process holds it), and serves
            assertThat(sim.isAlive()).isTrue();
            assertThat(Files.readSymbolicLink(openJar)).isEqualTo(oldCopy);
            assertThat(Files.getAttribute(oldCopy, "unix:ino")).isEqualTo(oldInode);
            assertThat(meta(port)).isEqualTo(200);
            assertThat(tree.resolve("app/target/pog-next.jar")).doesNotExist();
            // the new build runs from a copy of its own, with its own class-data archive
            String opts = pog(Map.of(), "--print-java-opts").out();
            Matcher archive = Pattern.compile("-XX:SharedArchiveFile=(\\S+)").matcher(opts);
            assertThat(archive.find()).as(opts).isTrue();
            Path jsa = Path.of(archive.group(1));
            assertThat(jsa.getParent()).isEqualTo(runDir);
            assertThat(Path.of(jsa.toString().replaceAll("\\.jsa$", ".jar"))).exists().isNotEqualTo(oldCopy);
            // and the next call finds the new jar fresh
            Run again = pog(Map.of(), "--version");
            assertThat(again.err()).doesNotContain("building");
        } finally {
            end(sim);
        }
    }

    record Run(int code, String out, String err) {
    }

    private static Run pog(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(work, "pog", ".out");
        Path err = Files.createTempFile(work, "pog", ".err");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", tree.resolve("pog").toString()),
                Stream.of(args)).toList()).directory(tree.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("POG_SKIP_BUILD");
        pb.environment().remove("POG_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("./pog " + String.join(" ", args) + " did not finish; stderr: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Optional<Path> openFileUnder(long pid, Path dir) throws IOException {
        Path fds = Path.of("/proc/" + pid + "/fd");
        if (!Files.isDirectory(fds)) {
            return Optional.empty();
        }
        try (Stream<Path> links = Files.list(fds)) {
            return links.filter(l -> {
                try {
                    Path target = Files.readSymbolicLink(l);
                    return target.startsWith(dir) && target.toString().endsWith(".jar");
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        }
    }

    private static int port(Path out) throws IOException {
        Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(out));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !file.getFileName().toString().equals(".git")) {
                    Path target = to.resolve(from.relativize(file).toString());
                    Files.copy(file, target);
                    if (Files.isExecutable(file)) {
                        target.toFile().setExecutable(true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
