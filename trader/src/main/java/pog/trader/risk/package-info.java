/** Position sizing and limits. Never sends orders itself; it only says how much, or no. */
package pog.trader.risk;
