package pog.lighter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxBody;
import pog.lighter.signer.tx.TxSigner;
import pog.lighter.signer.tx.Transfer;
import pog.lighter.signer.tx.UpdateMargin;
import pog.lighter.signer.tx.Withdraw;

/**
 * Transfer, Withdraw and UpdateMargin are executed, not refused as unsupported: USDC moves between accounts with the
 * owner's L1 signature, leaves on a withdrawal, and never beyond what is free; update margin is refused in words
 * (no isolated margin in the simulator).
 */
class MoneyTxTest extends LighterSimTest {
    private static final EthKey OWNER = EthKey.fromHex("0x" + "0".repeat(63) + "1", "test");
    private static final EthKey STRANGER = EthKey.fromHex("0x" + "0".repeat(63) + "2", "test");
    private static final long ONE_USDC = 1_000_000;

    long from;
    long to;
    TxSigner signer;
    long nonce;

    @BeforeEach
    void start() throws Exception {
        from = fund(OWNER, "1000");
        to = fund(STRANGER, "50");
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        assertThat(h.sim().registerApiKey(from, 2, key.publicKeyHex())).isTrue();
        signer = new TxSigner(key, LighterSimConfig.DEFAULT_CHAIN_ID, from, 2);
    }

    private long fund(EthKey owner, String usdc) throws Exception {
        SimHarness.Answer a = h.post("/api/v1/sim/provisionAccount", "l1_address", owner.address(), "usdc", usdc);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a.body().path("account_index").asLong();
    }

    private SimHarness.Answer send(TxBody body, EthKey l1) throws Exception {
        SignedTx tx = l1 == null ? signer.sign(body, nonce, h.clock.millis() + 60_000)
                : signer.sign(body, nonce, h.clock.millis() + 60_000, TxAttributes.NONE, l1);
        SimHarness.Answer a = h.post("/api/v1/sendTx", "tx_type", Integer.toString(tx.txType()), "tx_info", tx.txInfo());
        if (a.status() == 200) {
            nonce++;
        }
        return a;
    }

    private String collateral(long account) throws Exception {
        return h.get("/api/v1/account?by=index&value=" + account).body().path("accounts").get(0).path("collateral")
                .asText();
    }

    private long nextNonce() throws Exception {
        return h.get("/api/v1/nextNonce?account_index=" + from + "&api_key_index=2").body().path("nonce").asLong();
    }

    private static Transfer transfer(long toAccount, long amount, long fee) {
        return new Transfer(toAccount, TxApi.USDC_ASSET, 0, 0, amount, fee, new byte[32], null);
    }

    @Test
    void aTransferSignedByTheOwnerMovesUsdcAndOneByAStrangerMovesNothing() throws Exception {
        SimHarness.Answer forged = send(transfer(to, 100 * ONE_USDC, 0), STRANGER);
        assertThat(forged.body().path("code").asInt()).isEqualTo(21120);
        assertThat(forged.body().path("message").asText()).contains("l1 signature");
        assertThat(collateral(from)).isEqualTo("1000.000000");

        SimHarness.Answer ok = send(transfer(to, 100 * ONE_USDC, ONE_USDC / 2), OWNER);
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
        assertThat(collateral(from)).isEqualTo("899.500000");
        assertThat(collateral(to)).isEqualTo("150.000000");
        assertThat(nextNonce()).isEqualTo(1);

        h.restart();
        assertThat(collateral(from)).isEqualTo("899.500000");
        assertThat(collateral(to)).isEqualTo("150.000000");
    }

    @Test
    void aTransferToNobodyOrBeyondWhatIsFreeIsRefusedWithoutUsingTheNonce() throws Exception {
        SimHarness.Answer nobody = send(transfer(999_999, ONE_USDC, 0), OWNER);
        assertThat(nobody.body().path("code").asInt()).isEqualTo(21100);
        assertThat(nobody.body().path("message").asText()).contains("999999");
        SimHarness.Answer tooMuch = send(transfer(to, 1000 * ONE_USDC, 1), OWNER);
        assertThat(tooMuch.body().path("code").asInt()).isEqualTo(21730);
        assertThat(tooMuch.body().path("message").asText()).isEqualTo(
                "not enough collateral: 1000.000001 USDC requested, 1000.000000 USDC free");
        assertThat(nextNonce()).isZero();
        assertThat(collateral(from)).isEqualTo("1000.000000");
        assertThat(collateral(to)).isEqualTo("50.000000");
    }

    @Test
    void aWithdrawalLowersTheBalanceAndCannotTakeMarginInUse() throws Exception {
        SimHarness.Answer ok = send(new Withdraw(TxApi.USDC_ASSET, 0, 250 * ONE_USDC), null);
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
        assertThat(collateral(from)).isEqualTo("750.000000");

        // a position holds margin: 0.5 ETH at the mark, leverage as configured
        SimHarness.Answer order = send(SimHarness.market(SimHarness.ETH, 5, 5000, 400000, false), null);
        assertThat(order.status()).as(order.body().toString()).isEqualTo(200);
        String free = h.get("/api/v1/account?by=index&value=" + from).body().path("accounts").get(0)
                .path("available_balance").asText();
        assertThat(new java.math.BigDecimal(free)).isLessThan(new java.math.BigDecimal("750"));
        SimHarness.Answer all = send(new Withdraw(TxApi.USDC_ASSET, 0, 750 * ONE_USDC), null);
        assertThat(all.body().path("code").asInt()).isEqualTo(21730);
        assertThat(all.body().path("message").asText()).startsWith("not enough collateral: 750.000000 USDC requested, ");
        assertThat(collateral(from)).isEqualTo("750.000000");
    }

    @Test
    void otherAssetsAndTheSpotRouteAreNamedAsNotSimulated() throws Exception {
        SimHarness.Answer lit = send(new Withdraw(1, 0, ONE_USDC), null);
        assertThat(lit.body().path("code").asInt()).isEqualTo(21700);
        assertThat(lit.body().path("message").asText()).contains("asset index 1");
        SimHarness.Answer spot = send(new Transfer(to, TxApi.USDC_ASSET, 0, 1, ONE_USDC, 0, new byte[32],
                null), OWNER);
        assertThat(spot.body().path("code").asInt()).isEqualTo(21700);
        assertThat(spot.body().path("message").asText()).contains("spot");
    }

    @Test
    void updateMarginIsRefusedBecauseEveryPositionIsCrossMargin() throws Exception {
        SimHarness.Answer a = send(new UpdateMargin(SimHarness.ETH, 10 * ONE_USDC, 1), null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asInt()).isEqualTo(21700);
        assertThat(a.body().path("message").asText()).contains("cross margin").contains("add to");
        assertThat(send(new UpdateMargin(77, 10 * ONE_USDC, 0), null).body().path("code").asInt()).isEqualTo(21701);
        assertThat(nextNonce()).isZero();
    }
}
