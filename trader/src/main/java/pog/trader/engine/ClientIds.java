package pog.trader.engine;

import pog.trader.journal.Journal.Purpose;
import pog.trader.ownership.Ownership;

/**
 * Where every client order id the engine sends comes from: one method, so that how ids are made changes in one place.
 * They come from this start's {@link Ownership}: its instance epoch and a sequence, never reused for the account's
 * lifetime and without trusting the journal's memory.
 */
public final class ClientIds {
    private final Ownership ownership;

    public ClientIds(Ownership ownership) {
        this.ownership = ownership;
    }

    /** The next id for an order of this purpose (entries, stops, exits and flattens draw from one sequence). */
    public String next(Purpose purpose) {
        return ownership.nextClientId();
    }
}
