/**
 * The trader's memory: one SQLite file per trader (orders with their purpose and status, fills with the venue's
 * cursor, equity, events, the epochs this trader has written under), every write its own committed transaction so a
 * kill -9 loses nothing a method returned from. Opened only after {@link pog.trader.journal.JournalCheck} found it
 * intact (a damaged file is left byte for byte as it was, with one line saying what to do); SQLite's failures reach
 * health and logs in plain words. The venue, not the journal, is the truth for positions: the journal is what the
 * trader reconciles against, and losing it makes the trader come back held, never reuse an id.
 */
package pog.trader.journal;
