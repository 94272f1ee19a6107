package pog.common.proc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a process that survives its starter: its own session and process group ({@code setsid}, so neither the
 * hangup of the starter's terminal nor a signal to the starter's group reaches it), stdin from the null device,
 * stdout and stderr appended to a log file (never a pipe to the starter).
 */
public final class Detached {
    private static final boolean WINDOWS = System.getProperty("os.name").toLowerCase().startsWith("windows");
    private static final File NULL = new File(WINDOWS ? "NUL" : "/dev/null");

    private Detached() {
    }

    /** The setsid binary, when this system has one. */
    public static Optional<String> setsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code command} detached and returns its handle. A JVM child is never a process-group leader, so
     * setsid execs in place and the pid returned is the command's own.
     */
    public static ProcessHandle start(List<String> command, Path workDir, Path logFile, Map<String, String> env)
            throws IOException {
        return spawn(command, workDir, logFile, env).toHandle();
    }

    /**
     * The same, returning the {@link Process}: the starter stays its parent (setsid execs in place), so
     * {@link Process#onExit()} gives the exit code the moment it exits, for as long as the starter lives.
     */
    public static Process spawn(List<String> command, Path workDir, Path logFile, Map<String, String> env)
            throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(cmd::add);
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NULL))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * The command line that runs this same program again ({@code java [jvm options] -jar pog.jar}), so a parent
     * can start siblings without depending on a launcher script or the working directory.
     */
    public static List<String> selfCommand(Class<?> mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // debugger and agent options belong to this process only
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-XX:ArchiveClassesAtExit")) {
                cmd.add(arg);
            }
        }
        try {
            Path jar = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar)) {
                cmd.add("-jar");
                cmd.add(jar.toString());
            } else {
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(mainClass.getName());
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the running jar", e);
        }
        return cmd;
    }
}
