package pog.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.fs.SecretFiles;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pog lighter keygen|pubkey|sign|verify} through the real command line parser. */
class LighterCommandTest {
    private static final String ORDER = "{\"MarketIndex\":0,\"ClientOrderIndex\":1,\"BaseAmount\":%s,\"Price\":600000,"
            + "\"IsAsk\":0,\"Type\":0,\"TimeInForce\":0,\"ReduceOnly\":0,\"TriggerPrice\":0,\"OrderExpiry\":0}";
    private static final List<String> LIBRARY_WORDS = List.of("Exception", "Jackson", "FAIL_ON", "com.fasterxml",
            "creator property", "picocli", "at [Source");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
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

    private Path newKey() {
        Path key = dir.resolve("lighter-" + System.nanoTime() + ".key");
        assertThat(run("lighter", "keygen", "--out", key.toString()).code()).isZero();
        return key;
    }

    private static void assertOneCleanSentence(Run r, String... mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("error: ").contains(mentions);
        for (String w : LIBRARY_WORDS) {
            assertThat(r.err()).doesNotContain(w);
        }
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
        Run pubkey = run("lighter", "pubkey", "--key-file", key.toString());
        assertThat(pubkey.out().strip()).isEqualTo(pub);

        Run sign = run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
                "--nonce", "7", "create_order", String.format(ORDER, "100"));
        assertThat(sign.code()).as(sign.err()).isZero();
        assertThat(sign.lines()).hasSize(2);
        String txInfo = sign.lines().get(0);
        assertThat(txInfo).contains("\"AccountIndex\":5").contains("\"Nonce\":7").contains("\"Sig\":");
        assertThat(sign.lines().get(1)).matches("[0-9a-f]{80}");

        assertThat(run("lighter", "verify", "--public-key", pub, "create_order", txInfo).out().trim()).isEqualTo("valid");
        Run tampered = run("lighter", "verify", "--public-key", pub, "CreateOrder",
                txInfo.replace("\"Nonce\":7", "\"Nonce\":8"));
        assertThat(tampered.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(tampered.out().trim()).startsWith("invalid");
        Run unreadable = run("lighter", "verify", "--public-key", pub, "14", "{\"AccountIndex\":5");
        assertOneCleanSentence(unreadable, "TX_INFO");
    }

    @Test
    void typeNamesInEverySpellingSignTheSameTransaction() {
        Path key = newKey();
        String hash = null;
        for (String t : new String[] {"create_order", "create-order", "CreateOrder", "14"}) {
            Run r = run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
                    "--nonce", "7", "--expired-at", "1800000000000", t, String.format(ORDER, "100"));
            assertThat(r.code()).as(t + ": " + r.err()).isZero();
            hash = hash == null ? r.lines().get(1) : hash;
            assertThat(r.lines().get(1)).as(t).isEqualTo(hash);
        }
    }

    /** The CLI signs with a random Schnorr nonce: everything but Sig equals Lighter's own signer's output. */
    @Test
    void changePubKeyAndTransferWithTheOwnersEthereumKeyMatchLighterGo() throws Exception {
        JsonNode vectors = new ObjectMapper().readTree(getClass().getResourceAsStream(
                "/pog/app/lighter-go-signing-vectors.json")).path("vectors");
        int checked = 0;
        for (JsonNode v : vectors) {
            if (!v.has("l1Sig")) {
                continue;
            }
            Path key = dir.resolve(v.path("name").asText() + ".key");
            SecretFiles.writeSecret(key, v.path("privateKey").asText());
            Path eth = dir.resolve(v.path("name").asText() + ".eth");
            SecretFiles.writeSecret(eth, v.path("ethPrivateKey").asText());
            JsonNode req = v.path("request");
            String json = req.toString();
            if (req.has("Memo")) {
                StringBuilder hex = new StringBuilder();
                req.path("Memo").forEach(b -> hex.append(String.format("%02x", b.asInt())));
                json = json.replaceFirst("\"Memo\":\\[[0-9,]*\\]", "\"Memo\":\"0x" + hex + "\"");
            }
            Run r = run("lighter", "sign", "--key-file", key.toString(), "--eth-key-file", eth.toString(),
                    "--account", v.path("accountIndex").asText(), "--api-key-index", v.path("apiKeyIndex").asText(),
                    "--nonce", v.path("nonce").asText(), "--expired-at", v.path("expiredAt").asText(),
                    "--chain-id", v.path("chainId").asText(), v.path("txType").path("name").asText(), json);
            assertThat(r.code()).as(v.path("name").asText() + ": " + r.err()).isZero();
            String noSig = "\"Sig\":\"[^\"]*\"";
            assertThat(r.lines().get(0).replaceAll(noSig, "")).isEqualTo(v.path("txInfoWithL1Sig").asText()
                    .replaceAll(noSig, ""));
            assertThat(r.lines().get(1)).isEqualTo(v.path("txHash").asText());
            Run verify = run("lighter", "verify", "--public-key", v.path("publicKey").asText(), "--chain-id",
                    v.path("chainId").asText(), "--l1-address", v.path("ethAddress").asText(),
                    v.path("txType").path("name").asText(), r.lines().get(0));
            assertThat(verify.code()).as(verify.out()).isZero();
            Run wrongOwner = run("lighter", "verify", "--public-key", v.path("publicKey").asText(), "--chain-id",
                    v.path("chainId").asText(), "--l1-address", "0x0000000000000000000000000000000000000001",
                    v.path("txType").path("name").asText(), r.lines().get(0));
            assertThat(wrongOwner.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(wrongOwner.out()).startsWith("invalid: the L1 signature is by " + v.path("ethAddress").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void inexactNumbersAndBadInputAreOneSentenceNamingTheField() throws Exception {
        Path key = newKey();
        String[] base = {"lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index", "2",
            "--nonce", "7", "create_order"};
        for (String bad : new String[] {"1000.7", "\"1000\"", "3E5", "99999999999999999999"}) {
            assertOneCleanSentence(run(concat(base, String.format(ORDER, bad))), "BaseAmount");
        }
        assertOneCleanSentence(run(concat(base, "{\"market\":0}")), "market");
        assertOneCleanSentence(run(concat(base, "{\"MarketIndex\":0}")), "ClientOrderIndex", "missing");
        assertOneCleanSentence(run(concat(base, "{not json")), "not valid JSON");
        assertOneCleanSentence(run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index",
                "2", "--nonce", "7", "deposit", "{}"), "unknown transaction type 'deposit'");
        assertOneCleanSentence(run("lighter", "sign", "--key-file", key.toString(), "--account", "5", "--api-key-index",
                "2", "--nonce", "7", "change_pub_key", "{}"), "--eth-key-file");
        assertOneCleanSentence(run("lighter", "verify", "--public-key", "abc", "create_order", "{}"), "--public-key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Run openKey = run(concat(base, String.format(ORDER, "100")));
        assertOneCleanSentence(openKey, key.toString());
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
