/**
 * What a trader alerts on by itself: "nobody watching", when no PM has polled it for {@code alerts.nobodyWatchingMs},
 * so a dead PM and a dead watchdog together are still heard. It only tells a person; it never changes trading.
 */
package pog.trader.alerts;
