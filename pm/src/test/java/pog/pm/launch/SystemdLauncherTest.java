package pog.pm.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.pm.config.LauncherKind;
import pog.pm.config.ServiceConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemdLauncherTest {
    @TempDir
    Path dir;

    /** A stand-in for systemctl that appends its arguments to a file and exits with the given code. */
    private Path fakeSystemctl(int exit) throws IOException {
        Path script = dir.resolve("systemctl");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\necho 'Unit not found.'\nexit "
                + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static ServiceConfig service(Boolean user, String unit) {
        return new ServiceConfig("t1", null, "http://127.0.0.1:9002", null, null, LauncherKind.SYSTEMD, List.of(),
                null, unit, user, true, null, null);
    }

    @Test
    void shouldStartAndStopOneUnitPerTrader() throws Exception {
        SystemdLauncher launcher = new SystemdLauncher(fakeSystemctl(0).toString());
        assertThat(launcher.start(service(null, null)).pid()).as("the pid comes from /api/health later").isNull();
        assertThat(launcher.stop(service(false, "trader-hl.service"))).isTrue();
        assertThat(Files.readAllLines(dir.resolve("calls")))
                .containsExactly("--user start pog-trader@t1", "stop trader-hl.service");
    }

    @Test
    void shouldReportAFailedSystemctlWithItsFirstLine() throws Exception {
        SystemdLauncher launcher = new SystemdLauncher(fakeSystemctl(5).toString());
        assertThatThrownBy(() -> launcher.start(service(true, null))).isInstanceOf(IOException.class)
                .hasMessageContaining("start pog-trader@t1").hasMessageContaining("exit 5")
                .hasMessageContaining("Unit not found.");
    }
}
