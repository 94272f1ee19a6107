/**
 * Reconciliation: what the venue says (positions, open orders, fills) brought in line with what the journal
 * remembers (pending intents, fills, stop prices). The one place that reads open orders and fills from the venue.
 * It never sends anything: an intent whose answer was lost is resolved by its client id, never sent again.
 */
package pog.trader.reconcile;
