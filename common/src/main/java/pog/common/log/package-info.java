/**
 * Logging set up in code: services log INFO to their data directory's file and to stdout, command-line tools and
 * tests log warnings to stderr only, so a command's output stays its answer. Secrets never reach a log line: callers
 * log names of files and variables, never their contents.
 */
package pog.common.log;
