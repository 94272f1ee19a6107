/** PM's SQLite memory: the event/audit log and downsampled equity history; records what happened, never decides anything. */
package pog.pm.history;
