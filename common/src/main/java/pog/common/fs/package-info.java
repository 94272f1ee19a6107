/**
 * Files a trading service must get right: the exclusive state-directory lock (released by the OS however the
 * process dies), secret files readable only by their owner and written atomically, and why a file operation failed
 * in plain words.
 */
package pog.common.fs;
