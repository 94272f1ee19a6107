/**
 * Alerts that reach a person: one notifier shared by PM, the watchdog and traders. Conditions are raised and cleared
 * by whoever sees them; this room deduplicates, rate-limits, journals every delivery in SQLite before it is tried and
 * retries it with backoff. It never decides anything about trading and never holds up its caller: a raise only
 * writes a row, channels are spoken to on their own threads.
 */
package pog.alerts;
