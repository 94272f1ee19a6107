/** What every PoG service shares: JSON, config loading, the control token, the HTTP server, SQLite, locks, logs. */
package pog.common;
