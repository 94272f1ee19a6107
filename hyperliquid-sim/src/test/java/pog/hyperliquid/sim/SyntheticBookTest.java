package pog.hyperliquid.sim;

import org.junit.jupiter.api.Test;
import pog.sim.Liquidity;
import pog.venue.Side;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortcut matching uses for "does it cross" is the first level of the book it would walk. */
class SyntheticBookTest {
    private final Markets markets = new Markets(HyperliquidSimConfig.defaults().coins());
    private final SyntheticBook book = new SyntheticBook(markets);

    @Test
    void theBestLevelIsTheFirstLevelOnBothSidesForEveryCoinAndManyMarks() {
        for (HyperliquidSimConfig.Coin coin : markets.coins()) {
            for (String mark : List.of("0.5", "1", "9.99995", "150", "2999.95", "60000", "60000.3", "99999.5", "123456.7")) {
                BigDecimal m = new BigDecimal(mark);
                for (Side side : Side.values()) {
                    List<Liquidity.Level> levels = book.levels(coin.name(), side, m);
                    Liquidity.Level best = book.best(coin.name(), side, m);
                    if (levels.isEmpty()) {
                        assertThat(best).isNull();
                    } else {
                        assertThat(best).as("%s %s at %s", coin.name(), side, mark).isEqualTo(levels.get(0));
                    }
                }
            }
        }
    }

    @Test
    void asksRiseAndBidsFallFromTheMarkOnTheTickGrid() {
        HyperliquidSimConfig.Coin btc = markets.byName("BTC");
        BigDecimal mark = new BigDecimal("60000.3");
        List<Liquidity.Level> asks = book.levels("BTC", Side.BUY, mark);
        List<Liquidity.Level> bids = book.levels("BTC", Side.SELL, mark);
        assertThat(asks).hasSize(SyntheticBook.LEVELS);
        assertThat(asks.get(0).price()).isGreaterThan(mark);
        assertThat(bids.get(0).price()).isLessThan(mark);
        for (int i = 1; i < asks.size(); i++) {
            assertThat(asks.get(i).price()).isGreaterThan(asks.get(i - 1).price());
            assertThat(bids.get(i).price()).isLessThan(bids.get(i - 1).price());
            assertThat(Markets.validPrice(asks.get(i).price(), btc)).isTrue();
            assertThat(asks.get(i).size()).isGreaterThan(asks.get(i - 1).size().multiply(new BigDecimal("0.99")));
        }
    }
}
