package pog.paper;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pog.sim.Exchange;
import pog.sim.FeedRunner;
import pog.sim.SimConfig;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueListener;

/**
 * One account on an in-process {@link Exchange}: the venue a trader uses for paper trading, with no network in
 * between. Opened from a file it owns the exchange and its feed runner and closes both; wrapped around an existing
 * exchange it owns nothing and its {@link #close()} does nothing.
 *
 * <p>Its market ({@link #subscribeMarket}) is the exchange's own: takers fill at the mark with no size limit, so the
 * top of book is the mark on both sides with no size (nothing resting limits it); the public trades are the
 * exchange's executions (this account is the only one trading on it); it charges no funding, which a rate of 0 says.
 */
public final class PaperVenue implements Venue {
    private final Exchange exchange;
    private final String accountId;
    private final FeedRunner runner;
    private final boolean ownsExchange;

    /** A venue on an exchange someone else drives and closes (tests step the feed by hand). */
    public PaperVenue(Exchange exchange, String accountId) {
        this(exchange, accountId, null, false);
    }

    private PaperVenue(Exchange exchange, String accountId, FeedRunner runner, boolean ownsExchange) {
        this.exchange = exchange;
        this.accountId = accountId;
        this.runner = runner;
        this.ownsExchange = ownsExchange;
    }

    /** Opens or creates the exchange in {@code dbFile} and starts its real-time feed. */
    public static PaperVenue open(SimConfig config, Path dbFile, Clock clock, String accountId) {
        Exchange exchange = Exchange.open(config, dbFile, clock);
        try {
            exchange.account(accountId); // creates it now, so the first trader call is not the one paying for it
            return new PaperVenue(exchange, accountId, FeedRunner.start(exchange), true);
        } catch (RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    public Exchange exchange() {
        return exchange;
    }

    @Override
    public String name() {
        return "paper";
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public List<MarketInfo> markets() {
        return exchange.markets();
    }

    @Override
    public Account account() {
        return exchange.account(accountId);
    }

    @Override
    public List<Position> positions() {
        return exchange.positions(accountId);
    }

    @Override
    public List<Order> openOrders() {
        return exchange.openOrders(accountId);
    }

    @Override
    public Order place(OrderRequest request) {
        return exchange.place(accountId, request);
    }

    /** One exchange transaction: the stop waits attached to the entry and goes on the book with its fill. */
    @Override
    public ProtectedEntry placeWithStop(OrderRequest entry, OrderRequest stop) {
        Exchange.Group g = exchange.placeWithChildren(accountId, entry, List.of(stop));
        return new ProtectedEntry(g.parent(), g.placed().isEmpty() ? null : g.placed().get(0), null);
    }

    @Override
    public boolean cancel(String symbol, String clientId) {
        return exchange.cancel(accountId, symbol, clientId);
    }

    @Override
    public List<Fill> fillsSince(long cursor) {
        return exchange.fillsSince(accountId, cursor);
    }

    @Override
    public Map<String, BigDecimal> marks() {
        return exchange.marks();
    }

    /** Marks of every symbol plus this account's orders and fills. */
    @Override
    public AutoCloseable subscribe(VenueListener listener) {
        AutoCloseable marks = exchange.subscribeMarks(listener);
        AutoCloseable own = exchange.subscribe(accountId, listener);
        return () -> {
            try {
                marks.close();
            } finally {
                own.close();
            }
        };
    }

    /**
     * For each of these symbols: the top of book on every mark change (bid and ask at the mark, sizes null: any size
     * fills there), every execution of this account as a public trade (its aggressor is not known: a resting limit is
     * filled by the mark reaching it), and funding once now: rate 0, next time 0 (never charged).
     */
    @Override
    public AutoCloseable subscribeMarket(List<String> symbols, VenueListener listener) {
        Set<String> wanted = Set.copyOf(symbols);
        long now = exchange.clock().millis();
        Map<String, BigDecimal> marks = exchange.marks();
        for (String symbol : symbols) {
            BigDecimal mark = marks.get(symbol);
            if (mark != null) {
                listener.onTopOfBook(new TopOfBook(symbol, mark, null, mark, null, exchange.markTime(symbol)));
                listener.onFunding(new Funding(symbol, BigDecimal.ZERO, 0, now));
            }
        }
        AutoCloseable tops = exchange.subscribeMarks(new VenueListener() {
            @Override
            public void onMark(String symbol, BigDecimal mark, long time) {
                if (wanted.contains(symbol)) {
                    listener.onTopOfBook(new TopOfBook(symbol, mark, null, mark, null, time));
                }
            }
        });
        AutoCloseable tape = exchange.subscribe(accountId, new VenueListener() {
            @Override
            public void onFill(Fill f) {
                if (wanted.contains(f.symbol())) {
                    listener.onTrade(new Trade(f.symbol(), f.price(), f.size(), null, f.time()));
                }
            }
        });
        return () -> {
            try {
                tops.close();
            } finally {
                tape.close();
            }
        };
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
        if (ownsExchange) {
            exchange.close();
        }
    }
}
