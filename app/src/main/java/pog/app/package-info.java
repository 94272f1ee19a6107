/** The {@code pog} command line: parses arguments, turns every failure into one clear line and an exit code. */
package pog.app;
