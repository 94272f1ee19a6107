/**
 * Goldilocks field GF(p), p = 2^64 - 2^32 + 1, and its quintic extension GF(p^5): the arithmetic under Lighter's
 * signatures. Must never hold or log key material, and never return a non-canonical limb.
 */
package pog.lighter.signer.field;
