/** The trader's HTTP API (the contract PM and people rely on). Reads snapshots; control goes through the engine. */
package pog.trader.api;
