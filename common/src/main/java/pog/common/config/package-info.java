/**
 * Strict configuration files: YAML into records, every mistake one line naming the file and the key. It must never
 * pass a parser's own message through, and never know what a particular service's file holds.
 */
package pog.common.config;
