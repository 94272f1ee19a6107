package pog.trader.ownership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.trader.journal.Journal;
import pog.venue.ClientId;
import pog.venue.Fill;
import pog.venue.Order;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One trader's claim on its venue account: the epoch of this start (remembered in the journal before any id carries
 * it), the client ids made from it, and the {@link AccountWatch} verdict the engine asks before it writes.
 * <p>
 * The engine's hooks are few: {@link #nextClientId()} where ids are made, {@link #observe} where it reads open
 * orders and fills (and where order updates arrive), {@link #mayWrite()} / {@link #mayOpen()} before any placement
 * or cancel, {@link #clientIdReused} when a venue says an id was used. Thread-safe: the loop and the order stream
 * both report here.
 */
public final class Ownership {
    private static final Logger log = LoggerFactory.getLogger(Ownership.class);

    /** What /api/health shows: {@code state} owner|held|exiting, {@code ok} for the check. */
    public record Status(String state, boolean ok, long epoch, Long heldBy, String detail) {
    }

    private final Journal journal;
    private final Clock clock;
    private final IdSource ids;
    private final AccountWatch watch;
    private final long epoch;
    private boolean takeOverAtStart;
    private AccountWatch.Verdict last;
    private String reuse;
    private final List<Consumer<String>> onMustExit = new ArrayList<>();
    private final List<Consumer<AccountWatch.Verdict>> onChange = new ArrayList<>();
    private boolean exitTold;
    /** Foreign epochs already in the journal. */
    private final Set<Long> remembered = new java.util.HashSet<>();

    private Ownership(Journal journal, Clock clock, long epoch, Set<Long> known, Set<Long> heldBy, long startedAt,
                      boolean takeOver) {
        this.journal = journal;
        this.clock = clock;
        this.epoch = epoch;
        this.watch = new AccountWatch(known, heldBy, epoch, startedAt);
        this.remembered.addAll(heldBy);
        this.ids = new IdSource(epoch, clock, this::rolled);
        this.takeOverAtStart = takeOver;
        this.last = watch.verdict();
    }

    /**
     * Begins this start's epoch: newer than any the journal knows, and written there before any id carries it (a
     * journal that cannot be written is logged: the epoch is unique by the clock all the same, and the next start
     * will see its orders as foreign and hold, the safe side).
     *
     * @param takeOver adopt the foreign epochs the first look at the account finds (an operator's
     *                 {@code --take-over}); a writer active since this start is never adopted
     */
    public static Ownership start(Journal journal, Clock clock, boolean takeOver) {
        long now = clock.millis();
        Set<Long> known = journal.epochs();
        Set<Long> heldBy = journal.foreignEpochs();
        java.util.Set<Long> all = new java.util.TreeSet<>(known);
        all.addAll(heldBy);
        long epoch = Epochs.next(now, all);
        try {
            journal.epoch(epoch, "started", now);
        } catch (Journal.JournalException e) {
            log.warn("event=epoch_unjournaled epoch={} reason=\"{}\"", epoch, e.reason());
        }
        log.info("event=epoch_started epoch={} known_epochs={} held_by={} take_over={}", epoch, known.size(),
                heldBy.isEmpty() ? "-" : heldBy, takeOver);
        return new Ownership(journal, clock, epoch, known, heldBy, now, takeOver);
    }

    /** Called once, on whichever thread sees it, when another trader is writing and this one must exit. */
    public synchronized void onMustExit(Consumer<String> listener) {
        onMustExit.add(listener);
    }

    /** Told of every change of verdict (alerts, the API's stream). */
    public synchronized void onChange(Consumer<AccountWatch.Verdict> listener) {
        onChange.add(listener);
    }

    public long epoch() {
        return epoch;
    }

    /** The next client id ({@code pog-<epoch>-<sequence>}), for any order: entry, exit, stop, flatten. */
    public String nextClientId() {
        ClientId id = ids.next();
        watch.issued(id);
        return id.toString();
    }

    /** What the venue shows of the account; true when this trader may write to it. */
    public boolean observe(Collection<Order> orders, Collection<Fill> fills) {
        judge(watch.observe(orders, fills));
        synchronized (this) {
            if (takeOverAtStart) {
                takeOverAtStart = false;
                if (last.state() == AccountWatch.State.HELD) {
                    takeOver("--take-over");
                }
            } else if (reuse != null && last.state() == AccountWatch.State.OWNER) {
                // reconciled with the venue since the refusal: a fresh id cannot collide again
                log.info("event=client_id_reuse_cleared after=\"{}\"", reuse);
                reuse = null;
            }
        }
        return mayWrite();
    }

    /** One order update from the stream. */
    public void observe(Order order) {
        judge(watch.observe(order));
    }

    /** An order of another PoG epoch than this trader's (not a person's: those have no PoG id). */
    public boolean foreign(String clientId) {
        return watch.foreign(clientId);
    }

    /** False while another writer's orders are on the account: no placement, no cancel, not even a stop. */
    public synchronized boolean mayWrite() {
        return last.state() == AccountWatch.State.OWNER;
    }

    /** False also after a venue said an id was used, until the next look at the account. */
    public synchronized boolean mayOpen() {
        return mayWrite() && reuse == null;
    }

    /** A venue refused a client id as used (or showed another order under it): reported, and no entry until reconciled. */
    public synchronized void clientIdReused(String clientId, String message) {
        reuse = clientId;
        log.error("event=client_id_reused client_id={} epoch={} action=\"no new position until reconciled\" reason=\"{}\"",
                clientId, epoch, message);
        try {
            journal.event(clock.millis(), "client_id_reused", clientId + ": " + message);
        } catch (Journal.JournalException e) {
            log.warn("event=journal_write_failed what=client_id_reused reason=\"{}\"", e.reason());
        }
    }

    /**
     * An operator's take-over: the foreign epochs seen become this trader's own (journaled as {@code taken_over}),
     * so their orders reconcile as its own from the next look on. A writer active since this start is never
     * adopted. Returns the epochs adopted.
     */
    public synchronized Set<Long> takeOver(String by) {
        Set<Long> adopted = watch.adopt();
        long now = clock.millis();
        remembered.removeAll(adopted);
        for (long e : adopted) {
            try {
                journal.epoch(e, "taken_over", now);
            } catch (Journal.JournalException ex) {
                log.warn("event=epoch_unjournaled epoch={} origin=taken_over reason=\"{}\"", e, ex.reason());
            }
        }
        log.warn("event=taken_over by=\"{}\" epochs={} own_epoch={}", by, adopted, epoch);
        try {
            journal.event(now, "taken_over", "epochs " + adopted + " by " + by);
        } catch (Journal.JournalException ex) {
            log.warn("event=journal_write_failed what=taken_over reason=\"{}\"", ex.reason());
        }
        judge(watch.verdict());
        return adopted;
    }

    public synchronized Status status() {
        String state = switch (last.state()) {
            case OWNER -> "owner";
            case HELD -> "held";
            case MUST_EXIT -> "exiting";
        };
        String detail = last.detail();
        if (reuse != null && last.state() == AccountWatch.State.OWNER) {
            detail = "a venue refused client id " + reuse + " as already used; no new position until reconciled";
        }
        return new Status(state, last.state() == AccountWatch.State.OWNER && reuse == null, epoch, last.epoch(),
                detail);
    }

    private void judge(AccountWatch.Verdict v) {
        List<Consumer<String>> exit = List.of();
        List<Consumer<AccountWatch.Verdict>> told;
        synchronized (this) {
            for (long e : watch.foreignEpochs()) {
                // a newer epoch is a newcomer this trader stays owner against: not one to be held by next time
                if (e <= epoch && remembered.add(e)) {
                    try {
                        journal.epoch(e, "foreign", clock.millis());
                    } catch (Journal.JournalException ex) {
                        remembered.remove(e); // tried again at the next look
                        log.warn("event=epoch_unjournaled epoch={} origin=foreign reason=\"{}\"", e, ex.reason());
                    }
                }
            }
            boolean changed = !v.state().equals(last.state()) || !java.util.Objects.equals(v.epoch(), last.epoch())
                    || !java.util.Objects.equals(v.intruder(), last.intruder());
            last = v;
            if (!changed) {
                return;
            }
            told = List.copyOf(onChange);
            switch (v.state()) {
                case HELD -> log.error("event=account_held epoch={} own_epoch={} detail=\"{}\"", v.epoch(), epoch,
                        v.detail());
                case MUST_EXIT -> log.error("event=account_held_by_another_trader epoch={} own_epoch={} action=exit "
                        + "exit_code=4 detail=\"{}\"", v.epoch(), epoch, v.detail());
                case OWNER -> log.info("event=account_owned own_epoch={} intruder={}", epoch,
                        v.intruder() == null ? "-" : v.intruder());
            }
            if (v.intruder() != null) {
                log.error("event=another_writer_started epoch={} own_epoch={} action=\"stay; it must exit\"",
                        v.intruder(), epoch);
            }
            if (v.state() == AccountWatch.State.MUST_EXIT && !exitTold) {
                exitTold = true;
                exit = List.copyOf(onMustExit);
            }
        }
        for (Consumer<AccountWatch.Verdict> l : told) {
            l.accept(v);
        }
        for (Consumer<String> l : exit) {
            l.accept(v.detail());
        }
    }

    private void rolled(long newEpoch) {
        watch.runEpoch(newEpoch);
        try {
            journal.epoch(newEpoch, "rolled", clock.millis());
        } catch (Journal.JournalException e) {
            log.warn("event=epoch_unjournaled epoch={} origin=rolled reason=\"{}\"", newEpoch, e.reason());
        }
        log.info("event=epoch_rolled epoch={} own_epoch={}", newEpoch, epoch);
    }
}
