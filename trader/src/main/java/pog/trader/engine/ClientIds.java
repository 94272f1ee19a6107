package pog.trader.engine;

import pog.trader.journal.Journal;
import pog.trader.journal.Journal.Purpose;

/**
 * Where every client order id the engine sends comes from: one method, so that how ids are made (today the
 * journal's durable sequence) changes in one place.
 */
public final class ClientIds {
    private final String service;
    private final Journal journal;

    public ClientIds(String service, Journal journal) {
        this.service = service;
        this.journal = journal;
    }

    /**
     * The next id for an order of this purpose. An entry's id must be reserved durably first (throws
     * {@link Journal.JournalException} when it cannot be); an order that protects or reduces gets one regardless.
     */
    public String next(Purpose purpose) {
        return purpose == Purpose.ENTRY ? journal.nextClientId(service) : journal.nextProtectiveClientId(service);
    }
}
