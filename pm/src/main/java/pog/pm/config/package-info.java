/** PM's YAML configuration as records with defaults and strict validation; never touches a process or the network. */
package pog.pm.config;
