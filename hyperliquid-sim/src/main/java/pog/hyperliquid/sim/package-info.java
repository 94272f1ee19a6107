/**
 * The simulated Hyperliquid exchange: Hyperliquid's own wire protocol ({@code POST /info}, {@code POST /exchange},
 * WebSocket {@code /ws}) in front of the simulation core ({@code pog.sim.Exchange}), with signature recovery,
 * nonces, cloids, scheduled cancels and fault injection.
 *
 * <p>Must never answer in a shape Hyperliquid would not use (our client and the public SDKs meet it at the wire),
 * never answer a 500 with a stack trace, and never trade for an account whose signature it did not recover.
 */
package pog.hyperliquid.sim;
