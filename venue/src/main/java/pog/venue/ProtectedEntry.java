package pog.venue;

/**
 * What {@link Venue#placeWithStop} did.
 *
 * @param entry          the entry order as the venue answered it
 * @param stop           the stop as the venue answered it; null while the venue holds it attached to an entry that
 *                       has not filled yet (it goes on the book with the fill), or when the entry was refused
 * @param fallbackReason null when entry and stop reached the venue as one request; otherwise why they went as two
 */
public record ProtectedEntry(Order entry, Order stop, String fallbackReason) {

    public boolean atomic() {
        return fallbackReason == null;
    }
}
