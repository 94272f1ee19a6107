package pog.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pog lighter keygen|sign|verify} through the real command line parser. */
class LighterCommandTest {
    private static final String ORDER = "{\"marketIndex\":0,\"clientOrderIndex\":1,\"baseAmount\":100,\"price\":600000,"
            + "\"isAsk\":0,\"type\":0,\"timeInForce\":0,\"reduceOnly\":0,\"triggerPrice\":0,\"orderExpiry\":0}";

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
    void keygenWritesAnOwnerOnlyKeyThatSignsWhatVerifies() throws Exception {
        Path key = dir.resolve("lighter.key");
        Run gen = run("lighter", "keygen", "--out", key.toString());
        assertThat(gen.code()).isZero();
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String pub = gen.out().lines().filter(l -> l.startsWith("public key:")).findFirst().orElseThrow()
                .substring("public key:".length()).trim();
        assertThat(gen.out()).doesNotContain(Files.readString(key).trim());

        Run sign = run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
                "--nonce", "7", "create_order", ORDER);
        assertThat(sign.code()).as(sign.err()).isZero();
        String txInfo = sign.out().trim();
        assertThat(txInfo).contains("\"AccountIndex\":5").contains("\"Nonce\":7").contains("\"Sig\":");

        assertThat(run("lighter", "verify", "--public-key", pub, "create_order", txInfo).out().trim()).isEqualTo("valid");
        Run tampered = run("lighter", "verify", "--public-key", pub, "create_order",
                txInfo.replace("\"Nonce\":7", "\"Nonce\":8"));
        assertThat(tampered.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(tampered.out().trim()).isEqualTo("invalid");
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws Exception {
        Path key = dir.resolve("lighter.key");
        run("lighter", "keygen", "--out", key.toString());
        Run unknownType = run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
                "--nonce", "7", "withdraw", "{}");
        assertThat(unknownType.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(unknownType.err().strip()).startsWith("error: unknown transaction type 'withdraw'").doesNotContain("\n");
        Run badJson = run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
                "--nonce", "7", "create_order", "{\"market\":0}");
        assertThat(badJson.code()).isEqualTo(ExitCodes.CONFIG);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Run openKey = run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
                "--nonce", "7", "create_order", ORDER);
        assertThat(openKey.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(openKey.err()).contains(key.toString()).doesNotContain("Exception");
    }
}
