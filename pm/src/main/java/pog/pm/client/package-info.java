/** PM's HTTP client of the trader contract (health, positions, account, control) with short timeouts; never imports trader code. */
package pog.pm.client;
