package pog.venue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every market event a venue's feed sends (top of book, public trades, funding), for the venues' tests. */
public final class MarketRecorder implements VenueListener {
    public final List<TopOfBook> tops = new CopyOnWriteArrayList<>();
    public final List<Trade> trades = new CopyOnWriteArrayList<>();
    public final List<Funding> fundings = new CopyOnWriteArrayList<>();

    @Override
    public void onTopOfBook(TopOfBook book) {
        tops.add(book);
    }

    @Override
    public void onTrade(Trade trade) {
        trades.add(trade);
    }

    @Override
    public void onFunding(Funding funding) {
        fundings.add(funding);
    }
}
