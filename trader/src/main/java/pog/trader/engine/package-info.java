/**
 * The trading loop: one thread that reads the venue, keeps every position protected, asks the strategy, acts.
 * Control actions run on the same thread so they never race a trading decision. It never closes a position
 * unless the strategy, the risk limits or an explicit flatten says so.
 */
package pog.trader.engine;
