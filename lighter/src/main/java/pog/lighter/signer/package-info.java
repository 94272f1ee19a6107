/**
 * Lighter's transaction signer in pure Java: Poseidon2 over Goldilocks, Schnorr over ECgFp5, tx hashing and tx_info
 * JSON. Must never touch the network, load a native library, or let a private key reach a log, string or exception.
 */
package pog.lighter.signer;
