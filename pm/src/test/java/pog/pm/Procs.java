package pog.pm;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Real processes for the tests; every pid a test causes is tracked and killed in {@link #killAll}. */
public final class Procs {
    public static final String TOKEN = "test-token-0123456789abcdef";
    private static final Set<Long> PIDS = ConcurrentHashMap.newKeySet();

    private Procs() {
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * A command line running {@code mainClass} in a new JVM on the test classpath. The classpath goes through an
     * argument file: the kernel shows only the first 4 KiB of a command line, and tests find processes by theirs.
     */
    public static List<String> javaCommand(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "@" + classpathArgFile(), mainClass.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Path argFile;

    private static synchronized Path classpathArgFile() {
        if (argFile == null) {
            try {
                argFile = java.nio.file.Files.createTempFile("pog-test-cp", ".args");
                argFile.toFile().deleteOnExit();
                java.nio.file.Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return argFile;
    }

    public static List<String> fakeTraderCommand(int port, String service, String... extra) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--service", service));
        args.addAll(List.of(extra));
        return javaCommand(FakeTrader.class, args.toArray(String[]::new));
    }

    /** Starts a process with output to a file (never a pipe that could fill up) and tracks it. */
    public static Process start(List<String> cmd, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("POG_CONTROL_TOKEN", TOKEN);
        pb.environment().putAll(env);
        Process p = pb.start();
        track(p.pid());
        return p;
    }

    public static void track(Long pid) {
        if (pid != null) {
            PIDS.add(pid);
        }
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** kill -9 and wait until it is gone. */
    public static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /** A negative pid signals the whole process group. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", Long.toString(pid)).inheritIO().start().waitFor();
    }

    /** Ends every process the test caused (test-started, PM-started, and their descendants). */
    public static void killAll() {
        for (Long pid : List.copyOf(PIDS)) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.onExit().join();
            });
            PIDS.remove(pid);
        }
    }

    /**
     * A free port below the kernel's ephemeral range: a port from that range can be taken as the local end of any
     * outgoing connection (PM makes many) between the moment it is chosen and the moment a trader binds it.
     */
    public static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port found between 20000 and 32000");
    }
}
