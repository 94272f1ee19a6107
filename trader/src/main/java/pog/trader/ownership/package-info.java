/**
 * Who writes to the venue account: the trader's instance epochs, the client ids made from them, and the watch that
 * tells this trader's orders from another writer's. It must never let a trader write (place, cancel, not even a
 * stop) to an account another writer's orders show, nor take another writer's orders as its own without an
 * operator's explicit take-over.
 */
package pog.trader.ownership;
