/** Trading decisions from prices: pure functions of what they were fed, no venue access, no clock of their own. */
package pog.trader.strategy;
