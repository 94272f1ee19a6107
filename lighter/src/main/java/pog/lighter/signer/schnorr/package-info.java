/**
 * Schnorr signatures over ECgFp5 and the private-key holder. Must never print, log or put in an exception the private
 * key, and must never sign with a nonce that was not freshly drawn from SecureRandom outside of tests.
 */
package pog.lighter.signer.schnorr;
