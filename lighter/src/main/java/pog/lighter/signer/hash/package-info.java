/**
 * Poseidon2 (width 12, Plonky2 no-pad sponge) exactly as Lighter's reference hashes transactions, auth messages and
 * Schnorr challenges. Must never change a constant or the absorb order: any drift silently invalidates every signature.
 */
package pog.lighter.signer.hash;
