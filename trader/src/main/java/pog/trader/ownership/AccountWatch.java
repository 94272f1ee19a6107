package pog.trader.ownership;

import pog.venue.ClientId;
import pog.venue.Fill;
import pog.venue.Order;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether this trader is the only writer to its venue account, judged from the client ids of the orders and fills
 * the venue shows (pure logic: no I/O, no clock; times come with what is observed).
 *
 * <ul>
 *   <li>A client id without PoG's layout (a person's manual order) is nobody's epoch: ignored here, reconciled as
 *       before.</li>
 *   <li>An epoch this trader knows (its journal's, one it took over) is its own. An epoch of this run is its own
 *       only up to the sequence it issued: anything beyond is another instance that got the same epoch.</li>
 *   <li>Any other epoch is another writer, or this trader before its journal was lost: {@link State#HELD}, nothing
 *       is written until an operator takes the account over ({@link #adopt}).</li>
 *   <li>If such an epoch, not newer than this trader's, shows activity after this trader started (an order placed,
 *       cancelled on request, or modified: its size or prices changed between two sightings), the other writer is
 *       alive and was there first: {@link State#MUST_EXIT}. What the venue does by its own rules (a stop firing, a
 *       partial fill, a reduce-only order cancelled as its position closed) is nobody's act.</li>
 *   <li>An epoch newer than this trader's is a writer that started later: it is the one that holds or exits. This
 *       trader stays the owner, untouched, and says so ({@link Verdict#intruder}).</li>
 * </ul>
 * HELD stays until {@link #adopt}, MUST_EXIT for good: a foreign order that goes away does not make the account
 * this trader's by accident, and a live writer's epoch is never adopted.
 */
public final class AccountWatch {
    public enum State { OWNER, HELD, MUST_EXIT }

    /**
     * @param epoch    the foreign epoch that decided the state (null for OWNER)
     * @param detail   what a person reads
     * @param intruder a newer foreign epoch seen writing (null: none); the state stays OWNER for it
     */
    public record Verdict(State state, Long epoch, String detail, Long intruder) {
    }

    /** What was seen of one foreign epoch. */
    record Foreign(long epoch, String firstClientId, boolean activeSinceStart, String activity) {
    }

    private final Set<Long> known = new TreeSet<>();
    /** Epochs of this run and the highest sequence issued in each. */
    private final Map<Long, Long> issued = new HashMap<>();
    private final long firstEpoch;
    private final long startedAt;
    private final Map<Long, Foreign> foreign = new LinkedHashMap<>();
    /** The last sighting of each foreign open order (size, limit, trigger): a change between two is a modify. */
    private final Map<String, List<java.math.BigDecimal>> lastSeen = new HashMap<>();

    /**
     * @param known      epochs from the journal (this trader's past, and what it took over)
     * @param firstEpoch this run's epoch
     * @param startedAt  when this trader started (epoch millis): orders created after it are activity
     */
    public AccountWatch(Collection<Long> known, long firstEpoch, long startedAt) {
        this(known, List.of(), firstEpoch, startedAt);
    }

    /** @param heldBy foreign epochs an earlier run was held by (the journal remembers them until a take-over) */
    public AccountWatch(Collection<Long> known, Collection<Long> heldBy, long firstEpoch, long startedAt) {
        this.known.addAll(known);
        this.known.remove(firstEpoch);
        this.firstEpoch = firstEpoch;
        this.startedAt = startedAt;
        issued.put(firstEpoch, 0L);
        for (long e : heldBy) {
            if (!this.known.contains(e)) {
                foreign.put(e, new Foreign(e, "(seen by an earlier run of this trader)", false, null));
            }
        }
    }

    /** The foreign epochs seen so far (not adopted). */
    public synchronized Set<Long> foreignEpochs() {
        return new TreeSet<>(foreign.keySet());
    }

    /** A new epoch of this run (a sequence ran out). */
    public synchronized void runEpoch(long epoch) {
        issued.putIfAbsent(epoch, 0L);
    }

    /** This run handed out {@code id}: an order carrying it is ours. */
    public synchronized void issued(ClientId id) {
        issued.merge(id.epoch(), id.sequence(), Math::max);
    }

    /** Looks at what the venue shows of the account (a whole read: open orders, fills since the cursor). */
    public synchronized Verdict observe(Collection<Order> orders, Collection<Fill> fills) {
        return observe(orders, fills, true);
    }

    /**
     * @param wholeRead the open orders of a whole read: modifies are judged between two of them (a stream update
     *                  may carry fewer fields than a read, e.g. no trigger price, so it is never compared)
     */
    private Verdict observe(Collection<Order> orders, Collection<Fill> fills, boolean wholeRead) {
        for (Order o : orders) {
            String what = "order " + o.clientId() + " (" + o.symbol() + " " + o.side() + " " + o.type() + ")";
            String activity = null;
            if (o.createdAt() >= startedAt) {
                activity = what + " placed at " + o.createdAt();
            } else if (o.cancelledOnRequest() && o.updatedAt() >= startedAt) {
                activity = what + " cancelled at " + o.updatedAt();
            } else if (wholeRead && modified(o)) {
                activity = what + " modified at " + o.updatedAt();
            }
            see(o.clientId(), activity != null, activity);
        }
        for (Fill f : fills) {
            // a fill is not a writer's act (a resting stop fires by itself), only evidence the epoch exists
            see(f.clientId(), false, null);
        }
        return verdict();
    }

    /** One order update from the venue's stream. */
    public synchronized Verdict observe(Order o) {
        return observe(List.of(o), List.of(), false);
    }

    /** Whether this client id is PoG's and of an epoch that is not this trader's. */
    public synchronized boolean foreign(String clientId) {
        ClientId id = ClientId.parse(clientId);
        return id != null && !ours(id);
    }

    /** Takes the foreign epochs seen so far as this trader's own (an operator's take-over); returns them. */
    public synchronized Set<Long> adopt() {
        Set<Long> adopted = new TreeSet<>();
        for (Foreign f : foreign.values()) {
            if (!(f.activeSinceStart && f.epoch <= firstEpoch)) {
                adopted.add(f.epoch);
            }
        }
        known.addAll(adopted);
        adopted.forEach(foreign::remove);
        return adopted;
    }

    /** Whether an epoch is this trader's (known, or of this run). */
    public synchronized boolean owns(long epoch) {
        return known.contains(epoch) || issued.containsKey(epoch);
    }

    public synchronized Verdict verdict() {
        Foreign holding = null;
        Long intruder = null;
        for (Foreign f : foreign.values()) {
            if (f.epoch > firstEpoch) {
                if (f.activeSinceStart) {
                    intruder = f.epoch;
                }
                continue;
            }
            if (f.activeSinceStart) {
                holding = f;
                break;
            }
            if (holding == null) {
                holding = f;
            }
        }
        if (holding != null && holding.activeSinceStart) {
            return new Verdict(State.MUST_EXIT, holding.epoch, "venue account held by another trader: epoch "
                    + holding.epoch + " (started " + Epochs.startOf(holding.epoch) + ") is writing to it: "
                    + holding.activity, intruder);
        }
        if (holding != null) {
            return new Verdict(State.HELD, holding.epoch, "orders of epoch " + holding.epoch + " (an instance started "
                    + Epochs.startOf(holding.epoch) + ", not this trader's: another trader, or this one's lost "
                    + "journal) are on the account, e.g. " + holding.firstClientId + "; placing nothing until "
                    + "`pog trader --take-over` or POST /api/take-over", intruder);
        }
        return new Verdict(State.OWNER, null, intruder == null ? "this trader is the only writer (epoch "
                + firstEpoch + ")" : "sole writer (epoch " + firstEpoch + "); a trader started later (epoch "
                + intruder + ") wrote to this account and must exit", intruder);
    }

    private void see(String clientId, boolean placedSinceStart, String activity) {
        ClientId id = ClientId.parse(clientId);
        if (id == null || ours(id)) {
            return;
        }
        Foreign f = foreign.get(id.epoch());
        if (f == null) {
            foreign.put(id.epoch(), new Foreign(id.epoch(), clientId, placedSinceStart,
                    placedSinceStart ? activity : null));
        } else if (placedSinceStart && !f.activeSinceStart) {
            foreign.put(id.epoch(), new Foreign(id.epoch(), f.firstClientId, true, activity));
        }
    }

    /** A foreign open order seen before with another size or price (both sightings after this trader started). */
    private boolean modified(Order o) {
        ClientId id = ClientId.parse(o.clientId());
        if (id == null || ours(id)) {
            return false;
        }
        if (!o.isOpen()) {
            lastSeen.remove(o.clientId());
            return false;
        }
        List<java.math.BigDecimal> now = java.util.Arrays.asList(strip(o.size()), strip(o.limitPrice()),
                strip(o.triggerPrice()));
        List<java.math.BigDecimal> before = lastSeen.put(o.clientId(), now);
        return before != null && !before.equals(now);
    }

    private static java.math.BigDecimal strip(java.math.BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros();
    }

    private boolean ours(ClientId id) {
        Long upTo = issued.get(id.epoch());
        if (upTo != null) {
            return id.sequence() <= upTo;
        }
        return known.contains(id.epoch());
    }
}
