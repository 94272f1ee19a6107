package pog.hyperliquid.client;

import pog.common.fs.SecretFiles;
import pog.hyperliquid.signing.PrivateKey;
import pog.venue.Venue;
import pog.venue.spi.VenueKeyException;
import pog.venue.spi.VenueProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** {@code type: hyperliquid}: the Hyperliquid client (mainnet, testnet or the simulator, by {@code baseUrl}). */
public final class HyperliquidProvider extends VenueProvider<HyperliquidVenueConfig> {
    public HyperliquidProvider() {
        super("hyperliquid", HyperliquidVenueConfig.class);
    }

    /**
     * The account is the vault, else the configured main account (an agent key trades for it), else the key's own
     * address; the key is read in every case, so a bad one stops the start.
     */
    @Override
    public Description describe(HyperliquidVenueConfig hl, Map<String, String> env) {
        PrivateKey key = VenueKeyException.loading(() -> hl.keyFile() != null ? PrivateKey.fromFile(hl.keyFile())
                : PrivateKey.fromEnv(hl.keyEnv() == null ? HyperliquidSettings.DEFAULT_KEY_ENV : hl.keyEnv(), env));
        String account = hl.vaultAddress() != null ? hl.vaultAddress()
                : hl.account() != null ? hl.account() : key.address().toString();
        return new Description(name(), account.toLowerCase(Locale.ROOT));
    }

    /** The nonce file defaults to {@code <dataDir>/hl-nonce}; every client tuning keeps its default. */
    @Override
    public Venue open(HyperliquidVenueConfig hl, Path dataDir, Map<String, String> env, Clock clock) {
        HyperliquidSettings settings = new HyperliquidSettings(hl.baseUrl(), hl.testnet(), hl.keyFile(), hl.keyEnv(),
                hl.account(), hl.vaultAddress(), hl.nonceFile() != null ? hl.nonceFile() : dataDir.resolve("hl-nonce"),
                hl.marketSlippage(), null, null, null, null, null, null, null, null, null);
        return HyperliquidVenue.open(settings, env, clock);
    }

    /** The key's address (lower-case hex): the simulator funds it, as the venue needs a deposit before trading. */
    @Override
    public java.util.Optional<String> simulatedAccount(Path keyFile) {
        return java.util.Optional.of(PrivateKey.fromFile(keyFile).address().toString());
    }

    /** A secp256k1 key as {@code 0x} and 64 hex digits, what {@link PrivateKey#fromFile} reads. */
    @Override
    public void createKey(Path file, SecureRandom random) throws IOException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        secret[0] &= 0x7f; // below the secp256k1 group order (which starts 0xffff...)
        SecretFiles.writeSecret(file, "0x" + HexFormat.of().formatHex(secret));
    }
}
