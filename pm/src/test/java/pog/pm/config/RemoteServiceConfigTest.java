package pog.pm.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.config.ConfigException;
import pog.common.time.ManualClock;
import pog.pm.registry.ServiceHealth;
import pog.pm.launch.Launchers;
import pog.pm.registry.ServiceState;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trader on another host: https and launcher external or PM refuses the file; never startable; UNKNOWN, never DOWN. */
class RemoteServiceConfigTest {
    @TempDir
    Path dir;

    private PmConfig load(String services) throws Exception {
        Path f = dir.resolve("pm.yaml");
        Files.writeString(f, "tls: {caFile: /etc/pog/tls/ca.pem}\nreadTokenFile: /etc/pog/read.token\nservices:\n" + services);
        return PmConfig.load(f);
    }

    @Test
    void aRemoteTraderNeedsHttpsAndLauncherExternalAndGetsItsHostLabel() throws Exception {
        PmConfig c = load("  - id: b\n    baseUrl: https://169.254.20.2:9002\n    launcher: external\n    host: host-b\n"
                + "  - id: c\n    baseUrl: https://trader-c.lan:9002\n    launcher: external\n"
                + "  - id: l\n    baseUrl: http://127.0.0.1:9102\n    launcher: external\n");
        assertThat(c.caPath()).isEqualTo(Path.of("/etc/pog/tls/ca.pem"));
        assertThat(c.readTokenPath()).isEqualTo(Path.of("/etc/pog/read.token"));
        assertThat(c.service("b").hostName()).isEqualTo("host-b");
        assertThat(c.service("c").hostName()).isEqualTo("trader-c.lan");
        assertThat(c.service("l").hostName()).isEqualTo("local");
        assertThat(c.service("b").remote()).isTrue();
        assertThat(c.service("l").remote()).isFalse();
        assertThat(Launchers.canStart(c.service("b"))).isFalse();

        assertThatThrownBy(() -> load("  - id: b\n    baseUrl: https://169.254.20.2:9002\n    launcher: systemd\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services[0].launcher: must be external for a trader on another host (169.254.20.2)");
        assertThatThrownBy(() -> load("  - id: b\n    baseUrl: http://169.254.20.2:9002\n    launcher: external\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services[0].baseUrl: must be https for a trader on another host");
        assertThatThrownBy(() -> load("  - id: b\n    baseUrl: https://169.254.20.2:9002\n    launcher: external\n"
                + "    host: 'a b'\n")).hasMessageContaining("services[0].host: must be letters");
    }

    @Test
    void aRemoteTraderThatStopsAnsweringIsUnknownSinceItsFirstMissAndNeverDown() {
        MonitorConfig m = new MonitorConfig(1_000L, 800L, 5_000L, 2, 30_000L, 2_000L, 200L);
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        ServiceHealth h = new ServiceHealth(clock, m);
        h.remote(true);
        h.failed("connect timed out", false);
        assertThat(h.state()).isEqualTo(ServiceState.UNKNOWN);
        long since = clock.millis();
        for (int i = 0; i < 50; i++) {
            clock.advanceMillis(1_000);
            h.failed(i % 2 == 0 ? "connection refused" : "no answer within timeout", true);
            assertThat(h.rawState()).isEqualTo(ServiceState.UNKNOWN);
        }
        assertThat(h.unreachableSince()).isEqualTo(since);
        assertThat(h.detail()).startsWith("unreachable since ").endsWith("no answer within timeout");

        ServiceHealth local = new ServiceHealth(clock, m);
        local.failed("connection refused", false);
        local.failed("connection refused", false);
        assertThat(local.state()).as("a local trader still goes DOWN").isEqualTo(ServiceState.DOWN);
    }
}
