package pog.lighter.client;

import pog.lighter.signer.schnorr.PrivateKey;
import pog.venue.Venue;
import pog.venue.spi.VenueKeyException;
import pog.venue.spi.VenueProvider;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/** {@code type: lighter}: the Lighter client (mainnet or the simulator, by {@code baseUrl}). */
public final class LighterProvider extends VenueProvider<LighterVenueConfig> {
    public LighterProvider() {
        super("lighter", LighterVenueConfig.class);
    }

    /** The account is the configured index; the API key is read anyway, so a bad one stops the start. */
    @Override
    public Description describe(LighterVenueConfig lt, Map<String, String> env) {
        VenueKeyException.loading(() -> lt.keyFile() != null ? PrivateKey.fromFile(lt.keyFile())
                : PrivateKey.fromEnv(env, lt.keyEnv() == null ? LighterSettings.DEFAULT_KEY_ENV : lt.keyEnv()));
        return new Description(name(), Long.toString(lt.accountIndex()));
    }

    /** Nonces and client order indexes live in {@code stateDir}, by default the trader's data dir. */
    @Override
    public Venue open(LighterVenueConfig lt, Path dataDir, Map<String, String> env, Clock clock) {
        LighterSettings settings = new LighterSettings(lt.baseUrl(), null, lt.chainId(), lt.accountIndex(),
                lt.apiKeyIndex(), lt.keyFile(), lt.keyEnv(), lt.stateDir() != null ? lt.stateDir() : dataDir,
                lt.registerApiKey(), lt.marketSlippage(), null, null, null, null, null, null, null, null);
        return LighterVenue.open(settings, env, clock);
    }

    /** An ECgFp5 API key (what Lighter's simulator registers when {@code registerApiKey} is set). */
    @Override
    public void createKey(Path file, SecureRandom random) {
        PrivateKey.generateToFile(file, random);
    }
}
