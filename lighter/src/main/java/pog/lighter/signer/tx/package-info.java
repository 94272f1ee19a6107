/**
 * Lighter transaction bodies, their field-to-element hashing, tx_info JSON and auth tokens, mirroring lighter-go.
 * Must never reorder, rename or re-encode a hashed field or JSON member: the sequencer checks both byte for byte.
 */
package pog.lighter.signer.tx;
