package pog.lighter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.ChangePubKey;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxSigner;

/**
 * Accounts and API keys exist only when provisioned: an account by --fund, config or the loopback call; a key by a
 * ChangePubKey that the account's L1 owner signed (or config, or the loopback call). Nothing appears on first use.
 */
class ProvisioningTest extends LighterSimTest {
    private static final EthKey OWNER = EthKey.fromHex("0x" + "0".repeat(63) + "1", "test");
    private static final EthKey STRANGER = EthKey.fromHex("0x" + "0".repeat(63) + "2", "test");

    private long fund(EthKey owner, String usdc) throws Exception {
        SimHarness.Answer a = h.post("/api/v1/sim/provisionAccount", "l1_address", owner.address(), "usdc", usdc);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a.body().path("account_index").asLong();
    }

    private SignedTx changePubKey(PrivateKey newKey, long account, int slot, long nonce, EthKey l1) {
        TxSigner signer = new TxSigner(newKey, LighterSimConfig.DEFAULT_CHAIN_ID, account, slot);
        return signer.sign(new ChangePubKey(newKey.publicKey()), nonce, h.clock.millis() + 600_000, TxAttributes.NONE, l1);
    }

    @Test
    void aKeyRegisteredByTheOwnersChangePubKeyTradesAndAnUnregisteredOneIsRefused() throws Exception {
        long account = fund(OWNER, "2500");
        assertThat(h.get("/api/v1/account?by=index&value=" + account).body().path("accounts").get(0)
                .path("collateral").asText()).isEqualTo("2500.000000");
        PrivateKey key = PrivateKey.generate(new java.security.SecureRandom());
        TxSigner trader = new TxSigner(key, LighterSimConfig.DEFAULT_CHAIN_ID, account, 2);
        SimHarness.Answer before = h.post("/api/v1/sendTx", "tx_type", "14", "tx_info",
                trader.sign(SimHarness.limit(SimHarness.ETH, 1, 1000, 290000, false), 0, h.clock.millis() + 60_000)
                        .txInfo());
        assertThat(before.body().path("code").asInt()).isEqualTo(21109);

        // a stranger's L1 signature is refused and registers nothing
        SimHarness.Answer forged = h.post("/api/v1/sendTx", "tx_type", "8", "tx_info",
                changePubKey(key, account, 2, 0, STRANGER).txInfo());
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body().path("code").asInt()).isEqualTo(21120);
        assertThat(forged.body().path("message").asText()).contains("L1");
        assertThat(h.get("/api/v1/apikeys?account_index=" + account + "&api_key_index=2").body().path("api_keys"))
                .isEmpty();

        assertThat(h.get("/api/v1/nextNonce?account_index=" + account + "&api_key_index=2").body().path("nonce").asLong())
                .isZero();
        SignedTx change = changePubKey(key, account, 2, 0, OWNER);
        SimHarness.Answer ok = h.post("/api/v1/sendTx", "tx_type", "8", "tx_info", change.txInfo());
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
        assertThat(ok.body().path("tx_hash").asText()).isEqualTo(change.txHash());
        assertThat(h.get("/api/v1/apikeys?account_index=" + account + "&api_key_index=2").body().path("api_keys").get(0)
                .path("public_key").asText()).isEqualTo(key.publicKeyHex());
        assertThat(h.get("/api/v1/nextNonce?account_index=" + account + "&api_key_index=2").body().path("nonce").asLong())
                .isEqualTo(1);

        SimHarness.Answer order = h.post("/api/v1/sendTx", "tx_type", "14", "tx_info",
                trader.sign(SimHarness.limit(SimHarness.ETH, 1, 1000, 290000, false), 1, h.clock.millis() + 60_000)
                        .txInfo());
        assertThat(order.status()).as(order.body().toString()).isEqualTo(200);
        // a replayed ChangePubKey reuses a nonce
        assertThat(h.post("/api/v1/sendTx", "tx_type", "8", "tx_info", change.txInfo()).body().path("code").asInt())
                .isEqualTo(21104);
    }

    @Test
    void accountsExistOnlyWhenProvisionedAndAreFoundByTheirL1Address() throws Exception {
        assertThat(h.get("/api/v1/account?by=index&value=1").body().path("code").asInt()).isEqualTo(21100);
        assertThat(h.get("/api/v1/accountsByL1Address?l1_address=" + OWNER.address()).body().path("code").asInt())
                .isEqualTo(21100);
        PrivateKey key = PrivateKey.generate(new java.security.SecureRandom());
        SimHarness.Answer nobody = h.post("/api/v1/sendTx", "tx_type", "8", "tx_info",
                changePubKey(key, 1, 2, 0, OWNER).txInfo());
        assertThat(nobody.body().path("code").asInt()).isEqualTo(21100);

        long first = fund(OWNER, "100");
        long again = fund(OWNER, "999");
        long other = fund(STRANGER, "5");
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        h.restart();
        SimHarness.Answer found = h.get("/api/v1/accountsByL1Address?l1_address=" + OWNER.address().toLowerCase());
        assertThat(found.body().path("l1_address").asText()).isEqualTo(OWNER.address());
        assertThat(found.body().path("sub_accounts")).singleElement().satisfies(a -> {
            assertThat(a.path("index").asLong()).isEqualTo(first);
            assertThat(a.path("collateral").asText()).isEqualTo("100.000000");
        });
        assertThat(h.get("/api/v1/account?by=l1_address&value=" + STRANGER.address()).body().path("accounts").get(0)
                .path("index").asLong()).isEqualTo(other);
    }

    @Test
    void accountsAndKeysFromTheConfigAreThereAtStart() throws Exception {
        h.close();
        PrivateKey key = PrivateKey.generate(new java.security.SecureRandom());
        LighterSimConfig cfg = LighterSimConfig.defaults().withPort(0).withAccounts(List.of(
                new LighterSimConfig.AccountSpec(42L, OWNER.address(), new BigDecimal("777"),
                        List.of(new LighterSimConfig.ApiKeySpec(4, key.publicKeyHex())))));
        h.server = LighterSimServer.start(cfg, dir.resolve("cfg"), h.clock, false);
        assertThat(h.get("/api/v1/accountsByL1Address?l1_address=" + OWNER.address()).body().path("sub_accounts").get(0)
                .path("collateral").asText()).isEqualTo("777.000000");
        assertThat(h.get("/api/v1/apikeys?account_index=42&api_key_index=4").body().path("api_keys").get(0)
                .path("public_key").asText()).isEqualTo(key.publicKeyHex());
        TxSigner trader = new TxSigner(key, LighterSimConfig.DEFAULT_CHAIN_ID, 42, 4);
        assertThat(h.post("/api/v1/sendTx", "tx_type", "14", "tx_info",
                trader.sign(SimHarness.limit(SimHarness.ETH, 1, 1000, 290000, false), 0, h.clock.millis() + 60_000)
                        .txInfo()).status()).isEqualTo(200);
    }
}
