package pog.app.pm;

import pog.app.it.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import pog.common.auth.ControlToken;
import pog.common.fs.SecretFiles;
import pog.common.http.HttpService;
import pog.common.tls.CertificateAuthority;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code pog status} with PM down reads the traders itself, and reaches one on another host the way PM does: over
 * HTTPS verified against the config's CA, showing the read token. A remote trader it cannot reach is UNKNOWN, never
 * DOWN (silence across hosts is not death).
 */
class StatusRemoteTest {
    private static final ControlToken READ = ControlToken.of("read-token-for-status-test-0123");

    @TempDir
    Path dir;
    private HttpService trader;

    @AfterEach
    void tearDown() {
        if (trader != null) {
            trader.close();
        }
    }

    @Test
    void withPmDownStatusReadsARemoteHttpsTraderWithTheReadTokenAndCallsAnUnreachableOneUnknown() throws Exception {
        InetAddress other = nonLoopback();
        assumeThat(other).as("a non-loopback IPv4 address to play the other host").isNotNull();
        String host = other.getHostAddress();
        CertificateAuthority ca = CertificateAuthority.create("ca", Duration.ofDays(1));
        ca.save(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        ca.issue(List.of(host), Duration.ofDays(1)).save(dir.resolve("b.pem"), dir.resolve("b-key.pem"), ca.certificate());
        SecretFiles.writeSecret(dir.resolve("read.token"), READ.reveal());
        trader = HttpService.builder().bind(host, 0).tls(dir.resolve("b.pem"), dir.resolve("b-key.pem"))
                .token(ControlToken.of("control-token-for-status-test-0123")).readToken(READ)
                .get("/api/health", r -> health())
                .start();
        int gone = Ports.free();
        Path pmYaml = dir.resolve("pm.yaml");
        Files.writeString(pmYaml, "bind: 127.0.0.1\nport: " + Ports.free() + "\ndataDir: '" + dir.resolve("pm") + "'\n"
                + "controlTokenFile: '" + dir.resolve("token") + "'\n"
                + "tls: {caFile: '" + dir.resolve("ca.pem") + "'}\nreadTokenFile: '" + dir.resolve("read.token") + "'\n"
                + "services:\n"
                + "  - id: trader-b\n    baseUrl: https://" + host + ":" + trader.port() + "\n    launcher: external\n"
                + "    host: host-b\n"
                + "  - id: trader-c\n    baseUrl: https://" + host + ":" + gone + "\n    launcher: external\n"
                + "    host: host-c\n");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new StatusCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--config", pmYaml.toString());

        assertThat(exit).as("PM unreachable: nobody supervises").isEqualTo(1);
        assertThat(err.toString()).contains("PM IS NOT REACHABLE");
        String b = row(out.toString(), "trader-b");
        assertThat(b).as("read over TLS with the read token").contains("HEALTHY").contains("instance-b")
                .contains("paper");
        String c = row(out.toString(), "trader-c");
        assertThat(c).as("a remote trader nothing answers for").contains("UNKNOWN").doesNotContain("DOWN");
    }

    private Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", "trader-b");
        m.put("instance", "instance-b");
        m.put("pid", 4242);
        m.put("version", "1");
        m.put("venue", "paper");
        m.put("account", "acct-b");
        m.put("startedAt", 1L);
        m.put("status", "ok");
        m.put("checks", Map.of());
        m.put("time", System.currentTimeMillis());
        return m;
    }

    private static String row(String table, String id) {
        return table.lines().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in:\n" + table));
    }


    private static InetAddress nonLoopback() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }
}
