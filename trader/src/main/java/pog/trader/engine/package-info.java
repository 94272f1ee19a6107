/**
 * The trader's core: one decision thread fed by events (venue reads and answers from the {@code VenueWorker},
 * stream pushes, a timer, control commands) that protects every position, then trades. Control actions run on the
 * same thread so they never race a trading decision. It never waits on the venue, never sends an order twice because
 * an answer is slow, and never closes a position unless the strategy, the risk limits or an explicit flatten says so.
 *
 * <p>Its rooms, each on the decision thread: {@code Engine} (threads, lifecycle, the order of work per view),
 * {@code Reconciliation} (when the venue is read; start-up protection; fills and pending intents),
 * {@code Protection} with {@code Protector} (every position covered by its stop), {@code DecisionLoop} (bars,
 * intents, entries, exits, pause, halt, flatten), {@code OrderDesk} (orders on their way) and {@code JournalGate}
 * (every journal write, and what a failing journal stops: new entries, never protection).
 */
package pog.trader.engine;
