package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pog.common.auth.ControlToken;
import pog.common.config.ConfigException;
import pog.common.fs.DirLock;
import pog.common.log.Logs;
import pog.trader.TraderService;
import pog.trader.config.TraderConfig;
import pog.trader.journal.DamagedJournalException;
import pog.venue.spi.VenueKeyException;
import pog.venue.spi.VenueProviders;

import java.net.BindException;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code pog trader}: runs one trader in the foreground until SIGTERM/SIGINT or {@code POST /api/shutdown}. */
@Command(name = "trader", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run a trader: reconcile with its venue, keep every position protected, trade, serve its API.",
                "SIGTERM/SIGINT stop it gracefully (exit 0); positions and their stops stay on the venue.",
                "Exits 4 when another trader is writing to the same venue account."})
public final class TraderCommand implements Callable<Integer> {
    private final VenueProviders venues;

    @Mixin
    ServiceOptions options;

    /** @param venues the venues a config's {@code venue.type} may name */
    public TraderCommand(VenueProviders venues) {
        this.venues = venues;
    }

    @Option(names = "--take-over", description = {"Adopt the orders of other instance epochs found on the venue"
            + " account at start as this trader's own (after a lost journal: the trader otherwise comes back HELD).",
            "A writer seen active since this start is never adopted; without this flag nothing is adopted."})
    boolean takeOver;

    @Override
    public Integer call() throws Exception {
        TraderConfig config = TraderConfig.load(options.config, venues).withOverrides(options.port, options.dataDir);
        ControlToken token = Tokens.resolve(options.config, config.controlTokenFile());
        if (config.tls() != null) {
            // unreadable or mismatched TLS files are a configuration problem (exit 2), found before anything starts
            try {
                pog.common.tls.Pem.keyStore(config.tls().certFile(), config.tls().keyFile());
            } catch (java.io.IOException e) {
                throw new ConfigException(options.config.toString(), "tls", e.getMessage());
            }
        }
        Logs.toFile(config.dataDir().resolve("trader.log"));
        TraderService service;
        try {
            service = TraderService.open(config, venues, Version.current(), token, Clock.systemUTC(), takeOver);
        } catch (DirLock.LockedException e) {
            throw new CliException(ExitCodes.ALREADY_RUNNING, "error: " + e.getMessage()
                    + "; refusing to start a second copy");
        } catch (BindException e) {
            throw new CliException(ExitCodes.ALREADY_RUNNING, "error: " + e.getMessage()
                    + "; is this trader already running? (pog status)");
        } catch (DamagedJournalException e) {
            throw new CliException(ExitCodes.DAMAGED_STATE, "error: " + e.getMessage());
        } catch (VenueKeyException e) {
            throw new ConfigException(options.config.toString(), "venue", e.getMessage());
        }
        Signals.onTermination(() -> service.requestStop("signal"));
        try {
            service.connect(System.getenv());
            service.awaitStopRequest();
        } finally {
            service.close();
        }
        if (service.exitCode() == TraderService.INTERNAL_ERROR) {
            throw new CliException(ExitCodes.INTERNAL_ERROR, "error: internal error on the decision thread; the trader"
                    + " stopped so that a fresh process restarts it (see trader.log event=loop_fatal)");
        }
        if (service.exitCode() == TraderService.ACCOUNT_HELD) {
            throw new CliException(ExitCodes.ACCOUNT_HELD, "error: venue account held by another trader; this one"
                    + " wrote nothing and exits (see trader.log event=account_held_by_another_trader)");
        }
        return ExitCodes.OK;
    }
}
