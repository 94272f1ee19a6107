/**
 * The exchange simulation room: one perpetual-futures exchange (accounts, matching at mark, cross margin, triggers,
 * liquidation, a seeded price feed) persisted in SQLite, and the in-process paper venue on top of it.
 * It must never lose or reorder a committed state change: memory and the database change in the same transaction,
 * and listeners are never called while the state lock is held.
 */
package pog.sim;
