/**
 * The control token every control action of an installation needs (from {@code POG_CONTROL_TOKEN}, or a 0600 file
 * made on first use), compared in constant time; never logged, never in a URL or an API answer.
 */
package pog.common.auth;
