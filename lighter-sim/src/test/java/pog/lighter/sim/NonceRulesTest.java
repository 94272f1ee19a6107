package pog.lighter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TxAttributes;
import pog.lighter.signer.tx.TxSigner;

/**
 * Nonces are per API key slot and contiguous: each transaction takes exactly the slot's next nonce; a gap or a reuse is
 * refused with 21104 naming the nonce the slot takes next, and a refusal uses nothing. A client order index the
 * account already used creates no second order.
 */
class NonceRulesTest extends LighterSimTest {
    @BeforeEach
    void start() throws Exception {
        h.register();
    }

    private SimHarness.Answer send(TxSigner signer, long coi, long nonce) throws Exception {
        SignedTx tx = signer.sign(SimHarness.limit(SimHarness.ETH, coi, 1000, 290000, false), nonce,
                h.clock.millis() + 60_000);
        return h.send(tx);
    }

    private long next(int slot) throws Exception {
        return h.get("/api/v1/nextNonce?account_index=7&api_key_index=" + slot).body().path("nonce").asLong();
    }

    @Test
    void aGapAndAReuseAreRefusedAndUseNothing() throws Exception {
        assertThat(send(h.signer, 1, 0).status()).isEqualTo(200);
        SimHarness.Answer gap = send(h.signer, 2, 5);
        assertThat(gap.body().path("code").asInt()).isEqualTo(21104);
        assertThat(gap.body().path("message").asText())
                .isEqualTo("invalid nonce: 5 skips ahead; api key 3 of account 7 takes 1 next");
        SimHarness.Answer reuse = send(h.signer, 3, 0);
        assertThat(reuse.body().path("code").asInt()).isEqualTo(21104);
        assertThat(reuse.body().path("message").asText())
                .isEqualTo("invalid nonce: 0 was already used; api key 3 of account 7 takes 1 next");
        assertThat(next(SimHarness.API_KEY)).isEqualTo(1);
        assertThat(h.activeOrders(SimHarness.ETH).path("orders")).hasSize(1);
        assertThat(send(h.signer, 4, 1).status()).isEqualTo(200);
        assertThat(next(SimHarness.API_KEY)).isEqualTo(2);
        h.restart();
        assertThat(next(SimHarness.API_KEY)).isEqualTo(2);
        assertThat(send(h.signer, 5, 1).body().path("code").asInt()).isEqualTo(21104);
    }

    @Test
    void eachKeySlotHasItsOwnNonces() throws Exception {
        PrivateKey other = PrivateKey.generate(new SecureRandom());
        assertThat(h.sim().registerApiKey(SimHarness.ACCOUNT, 4, other.publicKeyHex())).isTrue();
        TxSigner second = new TxSigner(other, LighterSimConfig.DEFAULT_CHAIN_ID, SimHarness.ACCOUNT, 4);
        assertThat(send(h.signer, 1, 0).status()).isEqualTo(200);
        assertThat(send(h.signer, 2, 1).status()).isEqualTo(200);
        assertThat(send(second, 3, 0).status()).as("slot 4 starts at 0 whatever slot 3 did").isEqualTo(200);
        assertThat(next(3)).isEqualTo(2);
        assertThat(next(4)).isEqualTo(1);
        assertThat(next(9)).as("a slot that never held a key").isZero();
    }

    @Test
    void theSkipNonceAttributeIsNamedAsNotSimulated() throws Exception {
        SignedTx tx = h.signer.sign(SimHarness.limit(SimHarness.ETH, 1, 1000, 290000, false), 0,
                h.clock.millis() + 60_000, TxAttributes.NONE.with(TxAttributes.SKIP_NONCE, 1));
        SimHarness.Answer a = h.send(tx);
        assertThat(a.body().path("code").asInt()).isEqualTo(21700);
        assertThat(a.body().path("message").asText()).contains("skip-nonce");
        assertThat(next(SimHarness.API_KEY)).isZero();
    }

    @Test
    void aClientOrderIndexUsedBeforeCreatesNothingAndTheFirstOrderStands() throws Exception {
        assertThat(send(h.signer, 77, 0).status()).isEqualTo(200);
        SignedTx again = h.signer.sign(SimHarness.limit(SimHarness.ETH, 77, 2000, 280000, false), 1,
                h.clock.millis() + 60_000);
        SimHarness.Answer a = h.send(again);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("tx_hash").asText()).isEqualTo(again.txHash());
        assertThat(next(SimHarness.API_KEY)).as("the nonce is used all the same").isEqualTo(2);
        assertThat(h.activeOrders(SimHarness.ETH).path("orders")).singleElement().satisfies(o -> {
            assertThat(o.path("client_order_index").asLong()).isEqualTo(77);
            assertThat(o.path("price").asText()).isEqualTo("2900.00");
        });
    }
}
