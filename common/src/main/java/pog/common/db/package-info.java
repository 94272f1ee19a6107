/**
 * SQLite files brought to their newest schema by versioned Flyway migrations, in WAL mode, so that a committed
 * transaction survives the process being killed (journals, PM's history, the alert outbox, simulator state).
 */
package pog.common.db;
