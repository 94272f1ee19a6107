package pog.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pog hyperliquid keygen} makes a key file the trader accepts, and never replaces one. */
class HyperliquidKeygenTest {
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

    private static String address(Run keygen) {
        return keygen.out().lines().filter(l -> l.startsWith("address:")).findFirst().orElseThrow()
                .substring("address:".length()).trim();
    }

    @Test
    void keygenMakesAnOwnerOnlyKeyWhoseAddressTheAddressCommandConfirms() throws Exception {
        Path key = dir.resolve("keys/hl.key");
        Run gen = run("hyperliquid", "keygen", "--out", key.toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        String address = address(gen);
        assertThat(address).matches("0x[0-9a-f]{40}");
        assertThat(gen.out()).contains("key file: " + key + " (mode 0600)");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String secret = Files.readString(key).trim();
        assertThat(secret).matches("0x[0-9a-f]{64}");
        assertThat(gen.out() + gen.err()).doesNotContain(secret.substring(2));

        Run shown = run("hyperliquid", "address", "--key-file", key.toString());
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out().trim()).isEqualTo(address);
    }

    @Test
    void secondKeygenOnTheSamePathRefusesAndKeepsTheFirstKey() throws Exception {
        Path key = dir.resolve("hl.key");
        assertThat(run("hyperliquid", "keygen", "--out", key.toString()).code()).isZero();
        String first = Files.readString(key);
        Run again = run("hyperliquid", "keygen", "--out", key.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(again.err().strip()).isEqualTo("error: key file " + key
                + " already exists; not overwriting it (choose another --out, or move the old file aside)");
        assertThat(Files.readString(key)).isEqualTo(first);
    }

    @Test
    void twoKeysDiffer() {
        Run a = run("hyperliquid", "keygen", "--out", dir.resolve("a.key").toString());
        Run b = run("hyperliquid", "keygen", "--out", dir.resolve("b.key").toString());
        assertThat(address(a)).isNotEqualTo(address(b));
    }

    @Test
    void withoutOutItWritesWhereTheExampleConfigLooks() throws Exception {
        assertThat(HyperliquidCommand.DEFAULT_KEY_FILE).isEqualTo(Path.of("var/hyperliquid.key"));
        String example = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("config/trader-hl.yaml"));
        assertThat(example).contains("keyFile: var/hyperliquid.key");
    }
}
