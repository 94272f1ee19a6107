package pog.trader;

import pog.paper.PaperProvider;
import pog.venue.spi.VenueProviders;

/** The venues trader tests run on: the paper venue only (the trader's own code knows none by name). */
public final class TestVenues {
    public static final VenueProviders PAPER = VenueProviders.of(new PaperProvider());

    private TestVenues() {
    }
}
