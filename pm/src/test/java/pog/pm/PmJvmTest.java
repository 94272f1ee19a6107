package pog.pm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PM's JVM options are one definition: the file the launcher reads is the one the watchdog and the demo use. */
class PmJvmTest {

    @Test
    void the_launcher_starts_pm_with_the_options_the_watchdog_and_the_demo_use() throws Exception {
        Path launcher = Path.of("..", "pog").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(launcher) && Files.isExecutable(Path.of("/bin/bash")), "a POSIX shell");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", launcher.toString(), "--print-java-opts", "pm")
                .redirectErrorStream(true);
        pb.environment().remove("POG_JAVA_OPTS");
        pb.environment().putAll(Map.of("POG_SKIP_BUILD", "1", "POG_NO_CDS", "1"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(List.of(out.split(" "))).containsExactlyElementsOf(PmJvm.options());
        // and other commands keep the launcher's general options
        ProcessBuilder trader = new ProcessBuilder("/bin/bash", launcher.toString(), "--print-java-opts", "trader");
        trader.environment().remove("POG_JAVA_OPTS");
        trader.environment().putAll(Map.of("POG_SKIP_BUILD", "1", "POG_NO_CDS", "1"));
        Process t = trader.start();
        String traderOpts = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        t.waitFor(30, TimeUnit.SECONDS);
        assertThat(traderOpts).isNotEqualTo(out).contains("-XX:+UseSerialGC");
    }

    @Test
    void the_options_file_has_a_heap_cap_and_nothing_unparsed() {
        List<String> o = PmJvm.options();
        assertThat(o).isNotEmpty().allMatch(s -> s.startsWith("-") && !s.contains(" ") && !s.contains("#"));
        assertThat(o).anyMatch(s -> s.startsWith("-Xmx"));
    }

    @Test
    void comments_and_blank_lines_are_not_options() {
        assertThat(PmJvm.parse("# why\n-Xmx64m   # the cap\n\n  -XX:+UseSerialGC\n#-Xint\n"))
                .containsExactly("-Xmx64m", "-XX:+UseSerialGC");
    }

    @Test
    void a_pm_started_by_the_watchdog_gets_pm_options_and_keeps_only_the_launchers_archive() {
        List<String> self = List.of("/usr/bin/java", "-Xmx1g", "-agentlib:jdwp=transport=dt_socket",
                "-XX:SharedArchiveFile=/opt/pog/app/target/pog.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", "/opt/pog/app/target/pog.jar");

        List<String> cmd = PmJvm.command(self, Map.of());

        List<String> expected = new ArrayList<>(List.of("/usr/bin/java"));
        expected.addAll(PmJvm.options());
        expected.addAll(List.of("-XX:SharedArchiveFile=/opt/pog/app/target/pog.jsa", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-jar", "/opt/pog/app/target/pog.jar"));
        assertThat(cmd).containsExactlyElementsOf(expected).doesNotContain("-Xmx1g");
    }

    @Test
    void a_pm_started_by_the_watchdog_maps_pms_own_archive_when_the_launcher_made_one(@org.junit.jupiter.api.io.TempDir
                                                                                    java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path shared = java.nio.file.Files.createFile(dir.resolve("pog-1.2.jsa"));
        List<String> self = List.of("java", "-XX:SharedArchiveFile=" + shared, "-jar", "pog.jar");
        assertThat(PmJvm.command(self, Map.of())).contains("-XX:SharedArchiveFile=" + shared);

        java.nio.file.Files.createFile(dir.resolve("pog-1.2.pm.jsa"));
        assertThat(PmJvm.command(self, Map.of())).contains("-XX:SharedArchiveFile=" + dir.resolve("pog-1.2.pm.jsa"))
                .doesNotContain("-XX:SharedArchiveFile=" + shared);
    }

    @Test
    void a_class_path_start_keeps_its_class_path_and_main_class() {
        List<String> cmd = PmJvm.command(List.of("java", "-Xss1m", "-cp", "a.jar:b.jar", "pog.app.Main"), Map.of());

        assertThat(cmd).endsWith("-cp", "a.jar:b.jar", "pog.app.Main").doesNotContain("-Xss1m");
        assertThat(cmd.subList(1, cmd.size() - 3)).containsExactlyElementsOf(PmJvm.options());
    }

    @Test
    void pog_java_opts_replace_pm_options_as_they_do_for_the_launcher() {
        List<String> self = List.of("java", "-Xmx300m", "-jar", "pog.jar");

        assertThat(PmJvm.command(self, Map.of("POG_JAVA_OPTS", "-Xmx300m"))).isEqualTo(self);
        assertThat(PmJvm.command(self, Map.of("POG_JAVA_OPTS", " "))).doesNotContain("-Xmx300m");
    }
}
