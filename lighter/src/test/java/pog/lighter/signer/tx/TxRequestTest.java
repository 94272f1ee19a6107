package pog.lighter.signer.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Requests in the venue's names are read exactly: nothing is rounded, truncated or guessed. */
class TxRequestTest {
    private static final String PASCAL = "{\"MarketIndex\":0,\"ClientOrderIndex\":1,\"BaseAmount\":%s,\"Price\":600000,"
            + "\"IsAsk\":0,\"Type\":0,\"TimeInForce\":0,\"ReduceOnly\":0,\"TriggerPrice\":0,\"OrderExpiry\":0}";

    @Test
    void pascalCamelAndSnakeCaseNamesReadTheSameOrder() {
        CreateOrder pascal = (CreateOrder) TxRequest.parse(TxType.CREATE_ORDER, String.format(PASCAL, "1000"), null);
        CreateOrder camel = (CreateOrder) TxRequest.parse(TxType.CREATE_ORDER, "{\"marketIndex\":0,\"clientOrderIndex\":1,"
                + "\"baseAmount\":1000,\"price\":600000,\"isAsk\":0,\"type\":0,\"timeInForce\":0,\"reduceOnly\":0,"
                + "\"triggerPrice\":0,\"orderExpiry\":0}", null);
        CreateOrder snake = (CreateOrder) TxRequest.parse(TxType.CREATE_ORDER, "{\"market_index\":0,\"client_order_index\":1,"
                + "\"base_amount\":1000,\"price\":600000,\"is_ask\":0,\"type\":0,\"time_in_force\":0,\"reduce_only\":0,"
                + "\"trigger_price\":0,\"order_expiry\":0}", null);
        assertThat(camel).isEqualTo(pascal).isEqualTo(snake);
        assertThat(pascal.baseAmount()).isEqualTo(1000);
    }

    @Test
    void fractionsQuotedNumbersAndExponentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> TxRequest.parse(TxType.CREATE_ORDER, String.format(PASCAL, "1000.7"), null))
                .hasMessage("field BaseAmount must be an exact integer, got 1000.7 (no fractions or exponents)");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CREATE_ORDER, String.format(PASCAL, "\"1000\""), null))
                .hasMessage("field BaseAmount must be a JSON number, not a string (\"1000\")");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CREATE_ORDER, String.format(PASCAL, "3E5"), null))
                .hasMessageStartingWith("field BaseAmount must be an exact integer");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CREATE_ORDER, String.format(PASCAL, "99999999999999999999"), null))
                .hasMessageStartingWith("field BaseAmount is 99999999999999999999, outside");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CREATE_ORDER,
                String.format(PASCAL, "1").replace("\"Price\":600000", "\"Price\":4294967296"), null))
                .hasMessage("field Price is 4294967296, outside 0..4294967295");
    }

    @Test
    void missingUnknownAndTwiceGivenFieldsAreNamed() {
        assertThatThrownBy(() -> TxRequest.parse(TxType.CANCEL_ORDER, "{\"MarketIndex\":0}", null))
                .hasMessage("field Index is missing");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CANCEL_ORDER, "{\"MarketIndex\":0,\"Index\":5,\"market\":1}", null))
                .hasMessage("field market is not a field of cancel_order (its fields: MarketIndex, Index)");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CANCEL_ORDER, "{\"MarketIndex\":0,\"marketIndex\":1,\"Index\":5}", null))
                .hasMessage("field marketIndex is given twice (also as MarketIndex)");
        assertThatThrownBy(() -> TxRequest.parse(TxType.CANCEL_ORDER, "{\"MarketIndex\":0,", null))
                .hasMessageStartingWith("the transaction is not valid JSON");
        assertThatThrownBy(() -> TxRequest.parse(TxType.TRANSFER, "{\"ToAccountIndex\":1,\"AssetIndex\":3,\"FromRouteType\":0,"
                + "\"ToRouteType\":0,\"Amount\":5,\"USDCFee\":0,\"Memo\":\"abcd\"}", null))
                .hasMessageStartingWith("field Memo must be 64 hex digits (32 bytes, 0x optional)");
    }

    @Test
    void typeNamesInAnySpellingOrByNumber() {
        for (String s : new String[] {"create_order", "create-order", "CreateOrder", "CREATE_ORDER", "TxTypeL2CreateOrder",
            "L2CreateOrder", "14"}) {
            assertThat(TxType.parse(s)).as(s).isEqualTo(TxType.CREATE_ORDER);
        }
        assertThat(TxType.parse("changePubKey")).isEqualTo(TxType.CHANGE_PUB_KEY);
        assertThatThrownBy(() -> TxType.parse("99")).hasMessageStartingWith("unknown transaction type '99' (known: ");
        assertThatThrownBy(() -> TxType.parse("deposit")).hasMessageStartingWith("unknown transaction type 'deposit'");
    }
}
