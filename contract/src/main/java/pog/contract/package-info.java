/**
 * The records that cross from a trader to PM over HTTP ({@code /api/health}, {@code /api/positions},
 * {@code /api/account}), one declaration for both ends. It must never hold behaviour, import any PoG module, or
 * refuse a field it does not know: a newer trader talks to an older PM and the other way round.
 */
package pog.contract;
