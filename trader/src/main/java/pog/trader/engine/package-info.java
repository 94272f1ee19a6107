/**
 * The trader's core: one decision thread fed by events (venue reads and answers from the {@code VenueWorker},
 * stream pushes, a timer, control commands) that protects every position ({@code Protector}), then trades. Control
 * actions run on the same thread so they never race a trading decision. It never waits on the venue, never sends an
 * order twice because an answer is slow, and never closes a position unless the strategy, the risk limits or an
 * explicit flatten says so.
 */
package pog.trader.engine;
