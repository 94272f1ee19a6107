package pog.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Command line and config mistakes reach the person as one line in PoG's words, with exit code 2. */
class CliErrorsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        // the same path as `pog ARGS`: services get their own command line, the rest the whole one
        java.io.PrintStream oldErr = System.err;
        java.io.PrintStream oldOut = System.out;
        java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream outBytes = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new java.io.PrintStream(errBytes, true));
            System.setOut(new java.io.PrintStream(outBytes, true));
            code = Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new Run(code, outBytes.toString(), errBytes.toString());
    }

    static void assertOneCleanLine(String err) {
        assertThat(err.strip()).doesNotContain("\n").startsWith("error")
                .doesNotContain("Exception", "picocli", "com.fasterxml", "Jackson", "FAIL_ON", "[Source:", "Try '",
                        "Unknown option", "Missing required", "Invalid value", "Unmatched argument");
    }

    @Test
    void unknownOptionIsNamedWithASuggestion() {
        Run r = run("trader", "--confg", "x.yaml");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertOneCleanLine(r.err());
        assertThat(r.err().strip()).isEqualTo(
                "error: pog trader: unknown option '--confg'; did you mean --config? (see 'pog trader --help')");
    }

    @Test
    void unknownSubcommandIsNamed() {
        Run r = run("tradr");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertOneCleanLine(r.err());
        assertThat(r.err().strip()).startsWith("error: pog: unexpected argument 'tradr'; did you mean trader");
    }

    @Test
    void missingOptionAndMissingValueAreNamed() {
        Run missing = run("hyperliquid", "address");
        assertThat(missing.code()).isEqualTo(ExitCodes.CONFIG);
        assertOneCleanLine(missing.err());
        assertThat(missing.err().strip())
                .isEqualTo("error: pog hyperliquid address: missing --key-file FILE (see 'pog hyperliquid address --help')");
        Run noValue = run("hyperliquid", "address", "--key-file");
        assertOneCleanLine(noValue.err());
        assertThat(noValue.err().strip()).startsWith("error: pog hyperliquid address: --key-file needs a value (FILE)");
    }

    @Test
    void wrongTypeNamesTheOptionAndTheValue() {
        Run r = run("trader", "--config", "x.yaml", "--port", "nine");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertOneCleanLine(r.err());
        assertThat(r.err().strip()).startsWith("error: pog trader: --port: expected a whole number, got 'nine'");
    }

    @Test
    void optionGivenTwiceIsRefused() {
        Run r = run("hyperliquid", "address", "--key-file", "a", "--key-file", "b");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertOneCleanLine(r.err());
        assertThat(r.err().strip()).startsWith("error: pog hyperliquid address: --key-file is given more than once");
    }

    @Test
    void duplicateKeyInATraderConfigStopsItWithExit2() throws Exception {
        Path config = dir.resolve("trader.yaml");
        Files.writeString(config, "service: t\nvenue:\n  type: paper\nrisk:\n  riskPerTrade: 0.01\n  riskPerTrade: 0.5\nport: 99999\n");
        Run r = run("trader", "--config", config.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err().strip()).isEqualTo("config error: " + config
                + ": risk.riskPerTrade: duplicate key (line 6); each key may appear once");
    }

    @Test
    void malformedActionJsonIsNamedWithoutParserText() throws Exception {
        Path key = dir.resolve("hl.key");
        assertThat(run("hyperliquid", "keygen", "--out", key.toString()).code()).isZero();
        Run r = run("hyperliquid", "sign", "--key-file", key.toString(), "--nonce", "1", "{\"type\": x}");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertOneCleanLine(r.err());
        assertThat(r.err().strip()).startsWith("error: ACTION_JSON is not valid JSON (near character 10)")
                .doesNotContain("Unrecognized token", "was expecting");
    }

    @Test
    void internalErrorsNeverShowLibraryText() {
        assertThat(Main.plainWords("Cannot deserialize value of type `int` from String")).isNull();
        assertThat(Main.plainWords("java.lang.IllegalStateException: boom")).isNull();
        assertThat(Main.plainWords(null)).isNull();
        assertThat(Main.plainWords("PM at http://127.0.0.1:9004 does not answer\nmore")).isEqualTo(
                "PM at http://127.0.0.1:9004 does not answer");
    }
}
