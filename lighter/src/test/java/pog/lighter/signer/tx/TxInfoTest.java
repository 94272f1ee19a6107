package pog.lighter.signer.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.schnorr.PrivateKey;

class TxInfoTest {

    private static final PrivateKey KEY = PrivateKey.generate(new SecureRandom());
    private static final TxSigner SIGNER = new TxSigner(KEY, 304, 77, 3);
    private static final byte[] PUB = KEY.publicKey().toLittleEndianBytes();

    @Test
    void everySupportedTxReadsBackAndVerifies() {
        TxBody[] bodies = {
            new CreateOrder(2, 9, 100, 123_456, 1, OrderType.STOP_LOSS, TimeInForce.IMMEDIATE_OR_CANCEL, 1, 120_000,
                    1_900_000_000_000L),
            new CancelOrder(2, 281474976710656L),
            new CancelAllOrders(TimeInForce.CANCEL_ALL_SCHEDULED, 1_800_000_300_000L),
            new ModifyOrder(2, 9, 50, 123_000, 0),
            new UpdateLeverage(2, 500, 1),
            new UpdateMargin(2, -2_500_000, 0),
            new CreateGroupedOrders(CreateGroupedOrders.ONE_TRIGGERS_A_ONE_CANCELS_THE_OTHER, java.util.List.of(
                    new CreateOrder(2, 0, 1000, 50_000, 0, OrderType.LIMIT, TimeInForce.GOOD_TILL_TIME, 0, 0,
                            1_900_000_000_000L),
                    new CreateOrder(2, 0, 0, 45_000, 1, OrderType.STOP_LOSS, TimeInForce.IMMEDIATE_OR_CANCEL, 1, 46_000,
                            1_900_000_000_000L),
                    new CreateOrder(2, 0, 0, 60_000, 1, OrderType.TAKE_PROFIT_LIMIT, TimeInForce.GOOD_TILL_TIME, 1,
                            59_000, 1_900_000_000_000L))),
        };
        for (TxBody body : bodies) {
            SignedTx tx = SIGNER.sign(body, 11, 1_800_000_000_000L, TxAttributes.skipNonce());
            ParsedTx parsed = TxInfo.parse(tx.txType(), tx.txInfo());
            assertThat(parsed.body()).isEqualTo(body);
            assertThat(parsed.nonce()).isEqualTo(11);
            assertThat(parsed.attributes()).isEqualTo(TxAttributes.skipNonce());
            assertThat(parsed.verify(304, PUB)).as("%s", body).isTrue();
            assertThat(parsed.verify(300, PUB)).as("other chain").isFalse();
            assertThat(TxInfo.parse(tx.txType(), tx.txInfo().replace("\"Nonce\":11", "\"Nonce\":12")).verify(304, PUB))
                    .as("tampered nonce").isFalse();
        }
    }

    @Test
    void malformedTxInfoIsAClearError() {
        assertThatThrownBy(() -> TxInfo.parse(15, "{")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> TxInfo.parse(15, "{\"AccountIndex\":1}")).hasMessageContaining("MarketIndex");
        assertThatThrownBy(() -> TxInfo.parse(99, "{}")).hasMessageContaining("not supported");
    }

    @Test
    void authTokensParseAndVerifyUntilTheirDeadline() {
        AuthToken token = AuthToken.parse(SIGNER.authToken(1_800_000_000L));
        assertThat(token.accountIndex()).isEqualTo(77);
        assertThat(token.apiKeyIndex()).isEqualTo(3);
        assertThat(token.verify(PUB, 1_799_999_999L)).isTrue();
        assertThat(token.verify(PUB, 1_800_000_001L)).isFalse();
        AuthToken forged = new AuthToken(1_900_000_000L, 77, 3, token.signature());
        assertThat(forged.verify(PUB, 1_799_999_999L)).isFalse();
        assertThatThrownBy(() -> AuthToken.parse("1:2:3")).isInstanceOf(IllegalArgumentException.class);
    }
}
