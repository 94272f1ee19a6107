package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.fs.SecretFiles;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.OrderType;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.TxSigner;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Setting trader-lighter up the real venue's way, all real processes: the simulator provisions an account for an L1
 * address (--fund) and knows no API key; {@code pog lighter register-key} registers one with a ChangePubKey signed
 * by the owner's Ethereum key; trader-lighter (no simulator shortcut) trades with it. A key nobody registered is
 * refused with 21109.
 */
class LighterRegisterKeyIT {
    @TempDir
    Path work;


    @Test
    void registerKeyThenTradeWithItAndAnUnregisteredKeyIsRefused() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        secret[0] &= 0x7f;
        String ethHex = "0x" + java.util.HexFormat.of().formatHex(secret);
        SecretFiles.writeSecret(work.resolve("owner.eth"), ethHex);
        String owner = EthKey.fromHex(ethHex, "test").address();
        int simPort = Ports.free();
        String sim = "http://127.0.0.1:" + simPort;
        try (PogProcess simulator = PogProcess.start(work, "sim", List.of("exchange-sim", "--venue", "lighter",
                "--port", Integer.toString(simPort), "--data-dir", "sim", "--fund", owner + "=5000"))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> simulator.stdout().contains("funded account"));
            Matcher m = Pattern.compile("funded account (\\d+) for " + owner).matcher(simulator.stdout());
            assertThat(m.find()).as(simulator.stdout()).isTrue();
            long account = Long.parseLong(m.group(1));
            assertThat(Http.get(sim + "/api/v1/accountsByL1Address?l1_address=" + owner).json().path("sub_accounts")
                    .get(0).path("index").asLong()).isEqualTo(account);

            List<String> register = List.of("lighter", "register-key", "--eth-key-file", "owner.eth", "--account",
                    Long.toString(account), "--api-key-index", "2", "--key-file", "api.key", "--base-url", sim);
            try (PogProcess reg = PogProcess.start(work, "register", register)) {
                assertThat(reg.waitFor(Duration.ofSeconds(60))).as(reg.stderr()).isZero();
                assertThat(reg.stdout()).contains("Created API key api.key").contains("Registered API key 2 of account "
                        + account).contains("owner " + owner);
            }
            assertThat(Files.getPosixFilePermissions(work.resolve("api.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            PrivateKey key = PrivateKey.fromFile(work.resolve("api.key"));
            assertThat(Http.get(sim + "/api/v1/apikeys?account_index=" + account + "&api_key_index=2").json()
                    .path("api_keys").get(0).path("public_key").asText()).isEqualTo(key.publicKeyHex());
            try (PogProcess again = PogProcess.start(work, "register-again", register)) {
                assertThat(again.waitFor(Duration.ofSeconds(60))).as(again.stderr()).isZero();
                assertThat(again.stdout()).contains("already holds public key " + key.publicKeyHex());
            }

            // a key nobody registered: the venue's 21109, whatever it signs
            PrivateKey stranger = PrivateKey.generate(new SecureRandom());
            TxSigner strangerSigner = new TxSigner(stranger, 304, account, 3);
            String txInfo = strangerSigner.sign(new CreateOrder(1, 5, 100, 6_000_000, 0, OrderType.LIMIT,
                    TimeInForce.GOOD_TILL_TIME, 0, 0, System.currentTimeMillis() + 86_400_000L), 0,
                    System.currentTimeMillis() + 60_000).txInfo();
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(sim + "/api/v1/sendTx"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("tx_type=14&tx_info="
                            + URLEncoder.encode(txInfo, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("21109");

            Path config = work.resolve("trader.yaml");
            Files.writeString(config, """
                    service: trader-lighter
                    port: 0
                    dataDir: data
                    loopMillis: 300
                    venue:
                      type: lighter
                      baseUrl: %s
                      accountIndex: %d
                      apiKeyIndex: 2
                      keyFile: api.key
                    strategy: {symbols: [BTC], barMillis: 300, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                    risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                    """.formatted(sim, account));
            try (PogProcess trader = PogProcess.start(work, "trader", List.of("trader", "--config", config.toString()))) {
                String base = "http://127.0.0.1:" + PogProcess.awaitPort(work.resolve("data"), trader);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Http.Reply r = Http.get(base + "/api/positions");
                    return r.status() == 200 && r.json().size() == 1 && r.json().get(0).get("protected").asBoolean();
                });
                JsonNode acct = Http.get(sim + "/api/v1/account?by=index&value=" + account).json().path("accounts").get(0);
                assertThat(acct.path("positions")).isNotEmpty();
                trader.term();
                assertThat(trader.waitFor(Duration.ofSeconds(30))).isZero();
            }
        }
    }
}
