package pog.pm.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PmConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("pm.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void shouldLoadTheShippedExampleConfig() {
        Path shipped = Path.of("../config/pm.yaml");
        PmConfig c = PmConfig.load(shipped);
        assertThat(c.port()).isEqualTo(9004);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.services()).extracting(ServiceConfig::id).containsExactly("trader-hl", "trader-lighter");
        assertThat(c.service("trader-hl").port()).isEqualTo(9002);
        assertThat(c.service("trader-lighter").port()).isEqualTo(9102);
        assertThat(c.service("trader-hl").launcher()).isEqualTo(LauncherKind.PROCESS);
        assertThat(c.service("trader-hl").autostart()).isTrue();
    }

    @Test
    void shouldApplyDefaults() throws Exception {
        PmConfig c = PmConfig.load(write("""
                services:
                  - id: t1
                    baseUrl: http://127.0.0.1:9002/
                    command: ["./pog", "trader"]
                """));
        ServiceConfig s = c.service("t1");
        assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:9002");
        assertThat(s.name()).isEqualTo("t1");
        assertThat(s.restart().policy()).isEqualTo(RestartMode.ON_FAILURE);
        assertThat(c.monitor().intervalMs()).isEqualTo(2_000L);
        assertThat(s.unit()).isEqualTo("pog-trader@t1");
    }

    @Test
    void shouldNameTheFileAndKeyOfAnUnknownKey() throws Exception {
        Path f = write("""
                services:
                  - id: t1
                    baseUrl: http://127.0.0.1:9002
                    comand: ["x"]
                """);
        assertThatThrownBy(() -> PmConfig.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("comand");
    }

    @Test
    void shouldRequireACommandForTheProcessLauncher() throws Exception {
        Path f = write("""
                services:
                  - id: t1
                    baseUrl: http://127.0.0.1:9002
                """);
        assertThatThrownBy(() -> PmConfig.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("services[0].command").hasMessageContaining("required");
    }

    @Test
    void shouldRejectAnUnknownLauncherAndDuplicatePorts() throws Exception {
        Path f = write("""
                services:
                  - id: t1
                    baseUrl: http://127.0.0.1:9002
                    launcher: docker
                """);
        assertThatThrownBy(() -> PmConfig.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("launcher").hasMessageContaining("process, systemd, external");
        Path g = write("""
                services:
                  - id: t1
                    baseUrl: http://127.0.0.1:9002
                    launcher: external
                  - id: t2
                    baseUrl: http://localhost:9002
                    launcher: external
                """);
        assertThatThrownBy(() -> PmConfig.load(g)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("services[1]");
    }

    @Test
    void shouldKeepExtraHostNamesLowerCased() throws Exception {
        PmConfig c = PmConfig.load(write("""
                hostNames: [PM.Example.net, 192.168.1.20, "[fe80::1]"]
                """));
        assertThat(c.hostNames()).containsExactly("pm.example.net", "192.168.1.20", "[fe80::1]");
        assertThat(PmConfig.load(write("port: 9004\n")).hostNames()).isEmpty();
    }

    @Test
    void shouldRefuseAHostNameWithASchemePortOrPathNamingTheKey() throws Exception {
        for (String bad : new String[]{"http://pm.example.net", "pm.example.net:9004", "pm.example.net/x", "''",
                "pm example"}) {
            Path f = write("hostNames: [ok.example, " + bad + "]\n");
            assertThatThrownBy(() -> PmConfig.load(f)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("hostNames[1]");
        }
    }
}
