package pog.trader.strategy;

import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.TopOfBook;
import pog.venue.Trade;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine tells its strategy besides decisions, kept apart from the engine so it stays small: bars (from
 * marks or trades), top of book and funding (conflated: the latest per symbol), timers, and which purpose each of
 * the trader's own orders had (for fill events).
 *
 * <p>The {@code on*} methods are called on the venue's feed threads: they only store the latest value (never block,
 * never call the strategy). Everything else runs on the engine's decision thread.
 */
public final class StrategyFeed implements Timers {
    /** {@code strategy.barSource}: where a bar's prices come from. */
    public static final List<String> SOURCES = List.of("mark", "trades");
    private static final int PURPOSES_KEPT = 4_096;

    private final Set<String> symbols;
    private volatile boolean fromTrades;
    private final Map<String, TopOfBook> books = new ConcurrentHashMap<>();
    private final Map<String, Funding> fundings = new ConcurrentHashMap<>();
    private final Map<String, Builder> bars = new ConcurrentHashMap<>();

    // ---- decision thread
    private final Map<String, TopOfBook> booksSent = new HashMap<>();
    private final Map<String, Funding> fundingsSent = new HashMap<>();
    private final Map<String, Long> timers = new LinkedHashMap<>();
    private final Map<String, String> purposes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > PURPOSES_KEPT;
        }
    };
    private StrategyEvent.Risk riskSent;
    private final Clock clock;

    /** @param clock the trader's clock, which timers count on (recorded time in a replay) */
    public StrategyFeed(List<String> symbols, Clock clock) {
        this.symbols = Set.copyOf(symbols);
        this.clock = clock;
        for (String s : symbols) {
            bars.put(s, new Builder());
        }
    }

    /** {@code mark} (the default) or {@code trades}; set before the feed starts. */
    public void barSource(String source) {
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("bar source is mark or trades, not '" + source + "'");
        }
        fromTrades = source.equals("trades");
    }

    public boolean barsFromTrades() {
        return fromTrades;
    }

    // ---------------------------------------------------------------- venue threads

    public void onMark(String symbol, BigDecimal mark) {
        Builder b = bars.get(symbol);
        if (!fromTrades && b != null && mark != null && mark.signum() > 0) {
            b.add(mark, BigDecimal.ZERO, false);
        }
    }

    public void onTrade(Trade t) {
        Builder b = bars.get(t.symbol());
        if (fromTrades && b != null && t.price() != null && t.price().signum() > 0) {
            b.add(t.price(), t.size() == null ? BigDecimal.ZERO : t.size().abs(), true);
        }
    }

    public void onTopOfBook(TopOfBook book) {
        if (symbols.contains(book.symbol())) {
            books.put(book.symbol(), book);
        }
    }

    public void onFunding(Funding funding) {
        if (symbols.contains(funding.symbol()) && funding.rate() != null) {
            fundings.put(funding.symbol(), funding);
        }
    }

    // ---------------------------------------------------------------- decision thread

    /**
     * The bar that closes now for this symbol, or null when there is none: a trades bar needs at least one trade
     * ever seen (an interval without trades repeats the last close with zero volume). A mark bar always closes on
     * the mark the engine just read ({@code mark}), its range including the marks pushed since the last bar.
     */
    public StrategyEvent.Bar bar(String symbol, long time, BigDecimal mark, BigDecimal position, BigDecimal entry,
                                 BigDecimal equity, boolean canOpen) {
        Builder b = bars.computeIfAbsent(symbol, k -> new Builder());
        Builder.Closed c = b.close(fromTrades ? null : mark);
        if (c == null) {
            return null;
        }
        return new StrategyEvent.Bar(symbol, time, c.close, position, entry, equity, canOpen, c.open, c.high, c.low,
                c.volume, c.trades, fromTrades ? "trades" : "mark");
    }

    /** Remembers what an order of this trader was for, so its fills can say. */
    public void sent(String clientId, String purpose) {
        if (clientId != null) {
            purposes.put(clientId, purpose.toLowerCase(Locale.ROOT));
        }
    }

    public StrategyEvent.OwnFill fill(Fill f) {
        String purpose = f.clientId() == null ? null : purposes.get(f.clientId());
        return new StrategyEvent.OwnFill(f.symbol(), f.time(), f.side().name().toLowerCase(Locale.ROOT), f.size(),
                f.price(), f.fee(), f.realizedPnl(), purpose == null ? "other" : purpose, f.liquidation());
    }

    public boolean trades(String symbol) {
        return symbols.contains(symbol);
    }

    /** The risk state, when it differs from the one last sent (else null). */
    public StrategyEvent.Risk riskChanged(StrategyEvent.Risk state) {
        if (state.sameAs(riskSent)) {
            return null;
        }
        riskSent = state;
        return state;
    }

    /**
     * Book and funding changes since the last call (the latest only, per symbol), then the timers due by {@code at},
     * earliest first. Each timer fires once.
     */
    public List<StrategyEvent> due(long at) {
        List<StrategyEvent> out = new ArrayList<>();
        for (String s : symbols.stream().sorted().toList()) {
            TopOfBook b = books.get(s);
            if (b != null && !Objects.equals(b, booksSent.get(s))) {
                booksSent.put(s, b);
                out.add(new StrategyEvent.Book(s, b.time(), b.bid(), b.bidSize(), b.ask(), b.askSize()));
            }
            Funding f = fundings.get(s);
            if (f != null && !sameFunding(f, fundingsSent.get(s))) {
                fundingsSent.put(s, f);
                out.add(new StrategyEvent.FundingRate(s, f.time(), f.rate(), f.nextTime()));
            }
        }
        List<Map.Entry<String, Long>> fired = timers.entrySet().stream().filter(e -> e.getValue() <= at)
                .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey())).toList();
        for (Map.Entry<String, Long> e : fired) {
            timers.remove(e.getKey());
            out.add(new StrategyEvent.Timer(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static boolean sameFunding(Funding a, Funding b) {
        return b != null && a.rate().compareTo(b.rate()) == 0 && a.nextTime() == b.nextTime();
    }

    @Override
    public String after(String name, long afterMillis) {
        if (name == null || name.isBlank() || name.length() > 64) {
            return "a timer needs a name of 1 to 64 characters";
        }
        if (afterMillis < MIN_MILLIS || afterMillis > MAX_MILLIS) {
            return "timer '" + name + "': afterMillis must be between " + MIN_MILLIS + " and " + MAX_MILLIS + ", got "
                    + afterMillis;
        }
        if (!timers.containsKey(name) && timers.size() >= MAX_TIMERS) {
            return "timer '" + name + "': at most " + MAX_TIMERS + " timers may be armed at once";
        }
        timers.put(name, clock.millis() + afterMillis);
        return null;
    }

    @Override
    public void cancel(String name) {
        timers.remove(name);
    }

    /** Armed timers by name, with when they fire (for tests and /api). */
    public Map<String, Long> armed() {
        return Map.copyOf(timers);
    }

    /** One symbol's bar in the making: synchronized, fed by a venue thread, closed by the decision thread. */
    private static final class Builder {
        private BigDecimal open;
        private BigDecimal high;
        private BigDecimal low;
        private BigDecimal close;
        private BigDecimal volume = BigDecimal.ZERO;
        private long trades;
        private BigDecimal lastClose;

        record Closed(BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
                      long trades) {
        }

        synchronized void add(BigDecimal price, BigDecimal size, boolean trade) {
            if (open == null) {
                open = price;
                high = price;
                low = price;
            } else {
                high = high.max(price);
                low = low.min(price);
            }
            close = price;
            if (trade) {
                volume = volume.add(size);
                trades++;
            }
        }

        /** Closes the interval; {@code last} (a mark bar's read mark) is its close. Null: nothing to close. */
        synchronized Closed close(BigDecimal last) {
            if (last != null) {
                add(last, BigDecimal.ZERO, false);
            }
            Closed c;
            if (open == null) {
                if (lastClose == null) {
                    return null;
                }
                c = new Closed(lastClose, lastClose, lastClose, lastClose, BigDecimal.ZERO, 0);
            } else {
                c = new Closed(open, high, low, close, volume, trades);
            }
            lastClose = c.close;
            open = null;
            high = null;
            low = null;
            close = null;
            volume = BigDecimal.ZERO;
            trades = 0;
            return c;
        }
    }
}
