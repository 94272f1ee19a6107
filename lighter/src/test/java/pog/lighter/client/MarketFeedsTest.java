package pog.lighter.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import pog.venue.Funding;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lighter's public channels in the venue's own shapes (from its WebSocket reference) to venue events. */
class MarketFeedsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void theTopIsKeptFromTheSnapshotAndItsDeltasNotReadOffOneUpdate() throws Exception {
        MarketFeeds.Book book = new MarketFeeds.Book();
        book.apply(json("""
                {"code":0,"offset":1,
                 "asks":[{"price":"2979.64","size":"61.9487"},{"price":"2979.90","size":"3.0000"}],
                 "bids":[{"price":"2979.36","size":"5.0000"},{"price":"2979.00","size":"7.5000"}]}
                """), true);
        assertThat(book.top("ETH", 1)).isEqualTo(new TopOfBook("ETH", new java.math.BigDecimal("2979.36"),
                new java.math.BigDecimal("5"), new java.math.BigDecimal("2979.64"), new java.math.BigDecimal("61.9487"), 1));

        // an update names only what changed: the best bid is gone (size 0), a deeper ask changed
        book.apply(json("""
                {"code":0,"offset":2,"asks":[{"price":"2979.90","size":"1.0000"}],
                 "bids":[{"price":"2979.36","size":"0.0000"}]}
                """), false);
        TopOfBook top = book.top("ETH", 2);
        assertThat(top.bid()).isEqualByComparingTo("2979.00");
        assertThat(top.bidSize()).isEqualByComparingTo("7.5");
        assertThat(top.ask()).isEqualByComparingTo("2979.64");
        assertThat(book.mid()).isEqualByComparingTo("2979.32");

        // the whole ask side goes: one side only
        book.apply(json("""
                {"asks":[{"price":"2979.64","size":"0"},{"price":"2979.90","size":"0"}],"bids":[]}
                """), false);
        assertThat(book.top("ETH", 3).ask()).isNull();
        assertThat(book.top("ETH", 3).askSize()).isNull();
        assertThat(book.mid()).isEqualByComparingTo("2979.00");

        // a snapshot replaces everything
        book.apply(json("""
                {"asks":[{"price":"3000.00","size":"1"}],"bids":[{"price":"2999.00","size":"2"}]}
                """), true);
        assertThat(book.top("ETH", 4).bid()).isEqualByComparingTo("2999");
        assertThat(book.top("ETH", 4).ask()).isEqualByComparingTo("3000");
    }

    @Test
    void deltasBeforeAnySnapshotMakeNoBook() throws Exception {
        MarketFeeds.Book book = new MarketFeeds.Book();
        assertThat(book.known()).isFalse();
        book.apply(json("{\"asks\":[],\"bids\":[]}"), true);
        assertThat(book.known()).isTrue();
        assertThat(book.mid()).isNull();
    }

    @Test
    void publicTradesCarryTheTakersSideInTimeOrderAndOnlyAfterTheLastSeen() throws Exception {
        JsonNode msg = json("""
                {"channel":"trade:0","type":"subscribed/trade","nonce":3159738569,"liquidation_trades":[],
                 "trades":[
                  {"trade_id":526801157,"type":"trade","market_id":0,"size":"0.0346","price":"3028.85",
                   "usd_amount":"104.798210","is_maker_ask":false,"timestamp":1763623734300},
                  {"trade_id":526801156,"type":"trade","market_id":0,"size":"1.5000","price":"3029.10",
                   "usd_amount":"4543.65","is_maker_ask":true,"timestamp":1763623734215},
                  {"trade_id":526801155,"type":"trade","market_id":0,"size":"0.2","price":"3029.00",
                   "usd_amount":"605.8","is_maker_ask":true,"timestamp":1763623734100}]}
                """);
        List<Trade> trades = MarketFeeds.trades(msg, "ETH", 526801155);
        assertThat(trades).containsExactly(
                new Trade("ETH", new java.math.BigDecimal("3029.1"), new java.math.BigDecimal("1.5"), Side.BUY,
                        1763623734215L),
                new Trade("ETH", new java.math.BigDecimal("3028.85"), new java.math.BigDecimal("0.0346"), Side.SELL,
                        1763623734300L));
        assertThat(MarketFeeds.newestTradeId(msg, 0)).isEqualTo(526801157L);
        assertThat(MarketFeeds.newestTradeId(json("{\"trades\":[]}"), 42)).isEqualTo(42);
    }

    @Test
    void fundingIsThePercentOnTheWireAsAFractionChargedAtTheNextHour() throws Exception {
        JsonNode stats = json("""
                {"market_id":0,"index_price":"3015.56","mark_price":"3013.91","funding_clamp_small":"0.0500",
                 "funding_clamp_big":"4.0000","last_trade_price":"3013.13","current_funding_rate":"0.0012",
                 "funding_rate":"0.0010","funding_timestamp":1763532000004}
                """);
        Funding f = MarketFeeds.funding(stats, "ETH", 1_763_532_100_000L);
        assertThat(f.rate()).isEqualByComparingTo("0.000012");
        assertThat(f.nextTime()).isEqualTo(1_763_535_600_000L);
        assertThat(f.symbol()).isEqualTo("ETH");

        // the older shape without current_funding_rate: the last rate stands in
        Funding old = MarketFeeds.funding(json("{\"funding_rate\":\"-0.0042\"}"), "BTC", 0);
        assertThat(old.rate()).isEqualByComparingTo("-0.000042");
        assertThat(MarketFeeds.funding(json("{\"mark_price\":\"1\"}"), "BTC", 0)).isNull();
    }
}
