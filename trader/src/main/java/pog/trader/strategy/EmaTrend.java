package pog.trader.strategy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * EMA trend following. Two exponential moving averages of the bar price, fast and slow; when the fast one is above
 * the slow one by more than {@code minSpreadBps} basis points the trend is up (LONG), below by as much it is down
 * (SHORT), in between there is no clear trend (NONE: keep what you have). Before {@code slowPeriod} bars have been
 * seen the slow EMA is not meaningful and the strategy says NONE. On the v1 contract it answers each bar with a
 * target intent (none while NONE) at the configured risk and stop distance.
 *
 * <p>Indicators are computed in double: they are estimates, not money; sizes and prices sent to a venue are
 * BigDecimal and come from the risk module.
 */
public final class EmaTrend implements Strategy {
    private final int fastPeriod;
    private final int slowPeriod;
    private final double minSpread;
    private final double fastAlpha;
    private final double slowAlpha;
    private final Map<String, State> states = new HashMap<>();

    public EmaTrend(int fastPeriod, int slowPeriod, double minSpreadBps) {
        if (fastPeriod < 1 || slowPeriod <= fastPeriod) {
            throw new IllegalArgumentException("need 1 <= fastPeriod < slowPeriod");
        }
        this.fastPeriod = fastPeriod;
        this.slowPeriod = slowPeriod;
        this.minSpread = minSpreadBps / 10_000.0;
        this.fastAlpha = 2.0 / (fastPeriod + 1);
        this.slowAlpha = 2.0 / (slowPeriod + 1);
    }

    private static final class State {
        double fast;
        double slow;
        long bars;
    }

    @Override
    public List<Intent> onEvent(StrategyEvent event) {
        if (event instanceof StrategyEvent.Bar bar) {
            Signal s = onBar(bar.symbol(), bar.price(), bar.time());
            return s == Signal.NONE ? List.of() : List.of(Intent.target(bar.symbol(), s));
        }
        return List.of();
    }

    /** The indicator step: one bar in, the trend it now shows. */
    @Override
    public Signal onBar(String symbol, BigDecimal price, long time) {
        double p = price.doubleValue();
        State s = states.computeIfAbsent(symbol, k -> new State());
        if (s.bars == 0) {
            s.fast = p;
            s.slow = p;
        } else {
            s.fast += fastAlpha * (p - s.fast);
            s.slow += slowAlpha * (p - s.slow);
        }
        s.bars++;
        if (s.bars < slowPeriod) {
            return Signal.NONE;
        }
        double spread = (s.fast - s.slow) / s.slow;
        if (spread > minSpread) {
            return Signal.LONG;
        }
        if (spread < -minSpread) {
            return Signal.SHORT;
        }
        return Signal.NONE;
    }

    /** Written on contract v2; it decides on bars only and ignores the other events. */
    @Override
    public int contractVersion() {
        return 2;
    }

    @Override
    public String describe() {
        return "ema-trend fast=" + fastPeriod + " slow=" + slowPeriod + " minSpreadBps=" + (minSpread * 10_000.0);
    }
}
