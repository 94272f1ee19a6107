package pog.common.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.auth.ControlToken;
import pog.common.tls.CertificateAuthority;
import pog.common.tls.Pem;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class TlsServiceTest {
    private static final ControlToken CONTROL = ControlToken.of("control-token-0123456789");
    private static final ControlToken READ = ControlToken.of("read-token-0123456789abc");

    @TempDir
    Path dir;
    private Path ca;
    private Path cert;
    private Path key;
    private String otherAddress;
    private HttpService service;

    @BeforeEach
    void issue() throws IOException {
        otherAddress = nonLoopbackAddress();
        CertificateAuthority authority = CertificateAuthority.create("test CA", Duration.ofDays(1));
        ca = dir.resolve("ca.pem");
        authority.save(ca, dir.resolve("ca-key.pem"));
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1"));
        if (otherAddress != null) {
            names.add(otherAddress);
        }
        cert = dir.resolve("host.pem");
        key = dir.resolve("host-key.pem");
        authority.issue(names, Duration.ofDays(1)).save(cert, key, authority.certificate());
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private HttpService start(String bind) throws IOException {
        service = HttpService.builder().bind(bind, 0).tls(cert, key).token(CONTROL).readToken(READ)
                .get("/api/health", r -> Map.of("status", "ok"))
                .control("/api/pause", r -> Map.of("done", true))
                .start();
        return service;
    }

    private HttpClient trusting() throws IOException {
        return HttpClient.newBuilder().sslContext(Pem.clientContext(ca)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient c, String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsThatAClientTrustingTheCaVerifiesAndPlainHttpGetsNoAnswer() throws Exception {
        start("127.0.0.1");
        assertThat(service.baseUrl()).startsWith("https://127.0.0.1:");
        HttpResponse<String> r = get(trusting(), service.baseUrl() + "/api/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ok\"");
        // by name too: the certificate carries localhost
        assertThat(get(trusting(), "https://localhost:" + service.port() + "/api/health", null).statusCode()).isEqualTo(200);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> get(plain, "http://127.0.0.1:" + service.port() + "/api/health", null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefusedAtTheHandshake() throws Exception {
        start("127.0.0.1");
        CertificateAuthority stranger = CertificateAuthority.create("another CA", Duration.ofDays(1));
        Path otherCa = dir.resolve("other-ca.pem");
        stranger.save(otherCa, dir.resolve("other-ca-key.pem"));
        HttpClient c = HttpClient.newBuilder().sslContext(Pem.clientContext(otherCa)).build();
        assertThatThrownBy(() -> get(c, service.baseUrl() + "/api/health", null))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void controlStillNeedsTheControlTokenAndTheReadTokenIsNotEnough() throws Exception {
        start("127.0.0.1");
        HttpClient c = trusting();
        String url = service.baseUrl() + "/api/pause";
        assertThat(c.send(post(url, null), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(c.send(post(url, READ.reveal()), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(c.send(post(url, CONTROL.reveal()), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static HttpRequest post(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b.build();
    }

    @Test
    void readingFromAnotherHostNeedsTheReadTokenWhileLoopbackReadsWithout() throws Exception {
        assumeThat(otherAddress).as("this machine has a non-loopback IPv4 address").isNotNull();
        start("0.0.0.0");
        HttpClient c = trusting();
        String remote = "https://" + otherAddress + ":" + service.port() + "/api/health";
        HttpResponse<String> refused = get(c, remote, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("read token").doesNotContain("Exception");
        assertThat(get(c, remote, "wrong-token-0123456789").statusCode()).isEqualTo(401);
        assertThat(get(c, remote, READ.reveal()).statusCode()).isEqualTo(200);
        assertThat(get(c, remote, CONTROL.reveal()).statusCode()).isEqualTo(200);
        assertThat(get(c, "https://127.0.0.1:" + service.port() + "/api/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyOthersCanReadOrAMissingFileIsOneSentenceNamingTheFile() throws Exception {
        if (pog.common.fs.SecretFiles.posix()) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            assertThatThrownBy(() -> Pem.keyStore(cert, key)).isInstanceOf(IOException.class)
                    .hasMessageContaining(key.toString()).hasMessageContaining("chmod 600");
        }
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> Pem.certificates(missing)).hasMessage(missing + ": no such file");
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello\n");
        assertThatThrownBy(() -> Pem.certificates(notPem)).hasMessageContaining(notPem + ": no PEM certificate");
    }

    @Test
    void isLoopbackCountsOnlyLiteralLoopbackAddressesAndLocalhost() {
        assertThat(HttpService.isLoopback("127.0.0.1")).isTrue();
        assertThat(HttpService.isLoopback("::1")).isTrue();
        assertThat(HttpService.isLoopback("[::1]")).isTrue();
        assertThat(HttpService.isLoopback("localhost")).isTrue();
        assertThat(HttpService.isLoopback("0.0.0.0")).isFalse();
        assertThat(HttpService.isLoopback("169.254.10.2")).isFalse();
        assertThat(HttpService.isLoopback("trader-hl.example")).isFalse();
    }

    private static String nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return null;
    }
}
