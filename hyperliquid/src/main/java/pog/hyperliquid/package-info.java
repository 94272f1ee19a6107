/**
 * Hyperliquid venue client: signing ({@code signing}) and wire formatting ({@code wire}) of exchange actions.
 * Never logs, prints or serialises a private key.
 */
package pog.hyperliquid;
