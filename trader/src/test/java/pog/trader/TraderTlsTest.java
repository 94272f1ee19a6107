package pog.trader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.auth.ControlToken;
import pog.common.tls.CertificateAuthority;
import pog.common.tls.Pem;
import pog.trader.config.TraderConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trader with {@code tls} serves its contract over HTTPS; off loopback it refuses to be configured without it. */
class TraderTlsTest {
    private static final ControlToken CONTROL = ControlToken.of("test-token-0123456789abcdef");

    @TempDir
    Path dir;

    private TraderConfig parse(String yaml) {
        return TraderConfig.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), TestVenues.PAPER);
    }

    @Test
    void withTlsTheHealthIsServedOverHttpsToAClientTrustingTheCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("ca", Duration.ofDays(1));
        ca.save(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        ca.issue(List.of("127.0.0.1"), Duration.ofDays(1)).save(dir.resolve("t.pem"), dir.resolve("t-key.pem"), ca.certificate());
        TraderConfig config = parse("""
                service: trader-tls
                port: 0
                dataDir: %s
                controlTokenFile: %s
                tls: {certFile: %s, keyFile: %s}
                venue: {type: paper, account: acct-1, tickMillis: 100}
                """.formatted(dir.resolve("data"), dir.resolve("control.token"), dir.resolve("t.pem"), dir.resolve("t-key.pem")));
        try (TraderService t = TraderService.start(config, TestVenues.PAPER, "1", CONTROL, Clock.systemUTC())) {
            HttpClient c = HttpClient.newBuilder().sslContext(Pem.clientContext(dir.resolve("ca.pem"))).build();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + t.port()
                    + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"service\":\"trader-tls\"");
        }
    }

    @Test
    void offLoopbackWithoutTlsIsAConfigErrorNamingBindAndTls() {
        assertThatThrownBy(() -> parse("service: t\nbind: 0.0.0.0\nvenue: {type: paper}\n"))
                .hasMessageContaining("bind: is 0.0.0.0, off loopback, but tls is not set");
        assertThatThrownBy(() -> parse("service: t\nbind: 169.254.1.2\nvenue: {type: paper}\n"))
                .hasMessageContaining("tls is not set");
        assertThat(parse("service: t\nbind: ::1\nvenue: {type: paper}\n").remoteReachable()).isFalse();
    }

    @Test
    void theReadTokenFileDefaultsBesideTheControlTokenAndMayNotBeIt() {
        TraderConfig c = parse("service: t\ncontrolTokenFile: /x/control.token\nvenue: {type: paper}\n");
        assertThat(c.readTokenFile()).isEqualTo(Path.of("/x/read.token"));
        assertThatThrownBy(() -> parse("service: t\ncontrolTokenFile: /x/c.token\nreadTokenFile: /x/c.token\n"
                + "venue: {type: paper}\n")).hasMessageContaining("readTokenFile: must not be the control token file");
        assertThat(Files.exists(Path.of("/x/read.token"))).isFalse();
    }
}
