/**
 * Time as a dependency: every decision that depends on time reads an injected {@link java.time.Clock}; {@link
 * pog.common.time.ManualClock} moves only when told to, for tests and for {@code pog replay}'s deterministic runs.
 */
package pog.common.time;
