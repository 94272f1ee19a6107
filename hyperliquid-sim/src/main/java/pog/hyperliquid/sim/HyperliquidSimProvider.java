package pog.hyperliquid.sim;

import pog.simfront.SimulatorProvider;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pog exchange-sim --venue hyperliquid}: POST /info, POST /exchange and WebSocket /ws on port 9502, state in
 * {@code var/sim-hyperliquid}. Its own options: {@code network} (testnet, mainnet), {@code faucet} (off, info),
 * {@code ip-weight-per-minute}. {@code --fund 0xADDR[=USDC]} makes an account (default 10000) unless the address is
 * one already.
 */
public final class HyperliquidSimProvider extends SimulatorProvider {
    public HyperliquidSimProvider() {
        super("hyperliquid", HyperliquidSimConfig.defaults().port());
    }

    @Override
    public Launch prepare(Options o) {
        HyperliquidSimConfig c = configured(o, HyperliquidSimConfig.class, HyperliquidSimConfig::defaults);
        String faucet = o.venue().get("faucet");
        c = faucet != null ? c.withFaucet(faucet) : c;
        String weight = o.venue().get("ip-weight-per-minute");
        c = weight != null ? c.withIpWeightPerMinute(Long.parseLong(weight)) : c;
        c = o.fund().isEmpty() ? c : c.withAccounts(accounts(o, c.startingBalance()));
        String network = o.venue().get("network");
        c = network != null ? c.withNetwork(network.toLowerCase(Locale.ROOT)) : c;
        if (o.latencyMs() != null || o.errorRate5xx() != null || o.errorRate429() != null) {
            HyperliquidSimConfig.Faults f = c.faults();
            c = c.withFaults(new HyperliquidSimConfig.Faults(o.latencyMs() != null ? o.latencyMs() : f.latencyMs(),
                    o.errorRate5xx() != null ? o.errorRate5xx() : f.errorRate5xx(),
                    o.errorRate429() != null ? o.errorRate429() : f.errorRate429()));
        }
        HyperliquidSimConfig config = c.validate(o.source());
        return new Launch(config.port(), (dataDir, clock) -> {
            HyperliquidSimServer server = HyperliquidSimServer.start(config, dataDir, clock, true);
            return new Running(server, "exchange-sim hyperliquid listening on http://" + config.bind() + ":"
                    + server.port() + " (ws /ws, data " + dataDir + ", network " + config.network()
                    + ", accounts only when funded" + (config.faucetOnInfo() ? " or by the info faucet" : "")
                    + (Boolean.TRUE.equals(config.admin().enabled()) ? ", admin /admin/faults" : "") + ")");
        });
    }

    /** Each {@code --fund} address once (lower-cased, as the venue keys accounts), a later amount for it winning. */
    private static Map<String, BigDecimal> accounts(Options o, BigDecimal defaultUsd) {
        Map<String, BigDecimal> accounts = new LinkedHashMap<>();
        for (Funding f : Funding.parse(o.fund())) {
            accounts.put(f.address().toLowerCase(Locale.ROOT), f.usdc() != null ? f.usdc() : defaultUsd);
        }
        return accounts;
    }
}
