/**
 * The exchange simulation room: one perpetual-futures exchange (accounts, matching at mark, cross margin, triggers,
 * liquidation, a seeded price feed) persisted in SQLite. The paper venue on top of it lives in module paper.
 * It must never lose or reorder a committed state change: memory and the database change in the same transaction,
 * and listeners are never called while the state lock is held.
 */
package pog.sim;
