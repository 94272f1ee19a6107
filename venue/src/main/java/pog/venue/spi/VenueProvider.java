package pog.venue.spi;

import pog.venue.Venue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * One venue as the rest of PoG sees it: a name, the shape of its {@code venue:} config section, and how to open its
 * client. A venue module holds exactly one implementation beside its client ({@code XProvider} next to {@code XVenue}
 * and {@code XVenueConfig}); {@code app} lists every provider in plain code and hands the list to the commands that
 * need venues. The trader only ever sees this interface and {@link Venue}.
 *
 * <p>The two steps are split because they fail differently. {@link #describe} runs before the trader serves its API
 * and must not touch the network: it is where a person's mistake (a missing or malformed key) stops the start with a
 * clear message. {@link #open} reaches the venue and may fail for reasons that pass (the venue is down); the trader
 * retries those with backoff and reports them in its health meanwhile.
 *
 * <p>Implementations are stateless and cheap to construct; one instance may describe and open many configs. A
 * provider gives its name and config record to this class's constructor and writes only what differs per venue.
 *
 * @param <C> the record the {@code venue:} section parses into
 */
public abstract class VenueProvider<C extends VenueConfig> {
    private final String name;
    private final Class<C> configType;

    /**
     * @param name       the venue's name: the {@code type} that selects this provider in a {@code venue:} section,
     *                   and the venue a trader reports in {@code /api/health}. Lowercase, stable (it is written into
     *                   configs and journals)
     * @param configType the record a {@code venue:} section with {@code type: <name>} parses into. It is parsed
     *                   strictly (unknown keys are errors) and validates itself in its constructor
     */
    protected VenueProvider(String name, Class<C> configType) {
        this.name = name;
        this.configType = configType;
    }

    /** The venue's name, as given to the constructor. */
    public final String name() {
        return name;
    }

    /** The record this venue's {@code venue:} section parses into. */
    public final Class<C> configType() {
        return configType;
    }

    /**
     * What a trader on this config will report as its venue and account, known before and without reaching the
     * venue. Reads the key now if the account comes from it, so that a bad key is a start-up error.
     *
     * @param env the process environment, where keys may live
     * @throws VenueKeyException if the key is missing, unreadable, too open or malformed; its message names the
     *                           file or variable and never holds the key
     */
    public abstract Description describe(C config, Map<String, String> env);

    /**
     * Opens the client: connects, authenticates and loads what it needs (markets, nonces), ready for trading.
     *
     * @param dataDir the trader's state directory, where a venue keeps what must survive a restart (nonces, a paper
     *                venue's exchange); config keys may point elsewhere
     * @param env     the process environment, where keys may live
     * @param clock   the time every decision of the client reads
     * @throws pog.venue.VenueException when the venue cannot be reached or refuses; {@code retryable()} says whether
     *                                  trying again may help
     */
    public abstract Venue open(C config, Path dataDir, Map<String, String> env, Clock clock);

    /**
     * Writes a fresh random key, in the form this venue's {@code keyFile} reads, to {@code file} (mode 0600). It is
     * what {@code pog demo} gives a simulated account; a real account's key is made with the venue's own tools.
     *
     * @throws UnsupportedOperationException if this venue's accounts need no key (the default)
     */
    public void createKey(Path file, SecureRandom random) throws IOException {
        throw new UnsupportedOperationException("the " + name() + " venue uses no key");
    }

    /**
     * The account a key made by {@link #createKey} trades, for a simulator to provision it ({@code pog
     * exchange-sim --fund ACCOUNT}), as a venue requires an account to exist before it trades: {@code pog demo}
     * funds its simulated accounts through this. Empty when this venue provisions accounts otherwise (Lighter:
     * the trader registers its key with the simulator) or needs none.
     *
     * @throws RuntimeException when the key file cannot be read (the caller leaves that account unfunded, and the
     *                          trader then reports the venue's own error)
     */
    public java.util.Optional<String> simulatedAccount(Path keyFile) {
        return java.util.Optional.empty();
    }

    /**
     * A trader's venue and account as {@link #describe} finds them.
     *
     * @param venue   the venue name ({@link #name()})
     * @param account the account id as the venue spells it (lowercase for addresses), compared with what the opened
     *                venue reports
     */
    public record Description(String venue, String account) {
    }
}
