/**
 * Hyperliquid L1 action signing: msgpack action hash, EIP-712 phantom agent, secp256k1 signatures, signer
 * recovery, keys and nonces. Never lets key material reach a log, an exception message or a toString.
 */
package pog.hyperliquid.signing;
