package pog.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.tls.Pem;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pog tls init} makes a CA once and a certificate per host; a trader off loopback without TLS is refused. */
class TlsInitTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initMakesACaAndHostCertificatesSignedByItWithTheirNamesAndKeysOnlyTheOwnerReads() throws Exception {
        Path tls = dir.resolve("tls");
        Run r = run("tls", "init", "--dir", tls.toString(), "--host", "trader-b=169.254.20.2,trader-b.lan",
                "--host", "localhost");
        assertThat(r.code()).as(r.err()).isZero();
        X509Certificate ca = Pem.certificates(tls.resolve("ca.pem")).get(0);
        List<X509Certificate> chain = Pem.certificates(tls.resolve("trader-b.pem"));
        chain.get(0).verify(ca.getPublicKey());
        assertThat(chain.get(0).getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                .containsExactlyInAnyOrder("169.254.20.2", "trader-b.lan");
        assertThat(chain).hasSize(2);
        assertThat(Pem.keyStore(tls.resolve("trader-b.pem"), tls.resolve("trader-b-key.pem")).size()).isEqualTo(1);
        for (String key : List.of("ca-key.pem", "trader-b-key.pem", "localhost-key.pem")) {
            assertThat(Files.getPosixFilePermissions(tls.resolve(key))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(r.out()).doesNotContain(Files.readString(tls.resolve(key)).lines().skip(1).findFirst().orElseThrow());
        }

        // again: the CA and the existing host are kept, a new host is signed by the same CA
        byte[] caBefore = Files.readAllBytes(tls.resolve("ca.pem"));
        byte[] hostBefore = Files.readAllBytes(tls.resolve("trader-b.pem"));
        Run again = run("tls", "init", "--dir", tls.toString(), "--host", "trader-b=169.254.20.2", "--host", "trader-c=169.254.30.2");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("using the CA").contains("kept " + tls.resolve("trader-b.pem"));
        assertThat(Files.readAllBytes(tls.resolve("ca.pem"))).isEqualTo(caBefore);
        assertThat(Files.readAllBytes(tls.resolve("trader-b.pem"))).isEqualTo(hostBefore);
        Pem.certificates(tls.resolve("trader-c.pem")).get(0).verify(ca.getPublicKey());
    }

    @Test
    void aBadHostIsOneLineAndExit2() {
        Run r = run("tls", "init", "--dir", dir.toString(), "--host", "b=http://x/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("'http://x/' is not a DNS name or an IP address");
        assertThat(dir.resolve("ca.pem")).doesNotExist();
    }

    @Test
    void aTraderBoundOffLoopbackWithoutTlsRefusesToStartWithOneLineAndExit2() throws Exception {
        Path config = dir.resolve("trader.yaml");
        Files.writeString(config, """
                service: trader-x
                bind: 0.0.0.0
                port: 0
                dataDir: %s
                controlTokenFile: %s
                venue: {type: paper}
                """.formatted(dir.resolve("data"), dir.resolve("control.token")));
        Run r = run("trader", "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("config error: " + config + ": bind: is 0.0.0.0")
                .contains("tls");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTraderWhoseKeyDoesNotMatchItsCertificateFileIsExit2NamingTls() throws Exception {
        Path tls = dir.resolve("tls");
        assertThat(run("tls", "init", "--dir", tls.toString(), "--host", "a=127.0.0.1", "--host", "b=127.0.0.1").code()).isZero();
        Path config = dir.resolve("trader.yaml");
        Files.writeString(config, """
                service: trader-x
                bind: 0.0.0.0
                port: 0
                dataDir: %s
                controlTokenFile: %s
                tls: {certFile: %s, keyFile: %s}
                venue: {type: paper}
                """.formatted(dir.resolve("data"), dir.resolve("control.token"), tls.resolve("a.pem"),
                tls.resolve("missing-key.pem")));
        Run r = run("trader", "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains(": tls: ").contains("missing-key.pem");
    }
}
