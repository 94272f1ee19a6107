package pog.app.pm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import pog.app.CliException;
import pog.app.ExitCodes;
import pog.app.ServiceOptions;
import pog.app.Signals;
import pog.app.Version;
import pog.common.fs.DirLock;
import pog.common.log.Logs;
import pog.pm.PmService;
import pog.pm.config.PmConfig;

import java.net.BindException;
import java.util.concurrent.Callable;

/**
 * {@code pog pm}: runs the Portfolio Manager in the foreground until SIGTERM/SIGINT/SIGHUP or
 * {@code POST /api/shutdown}. Stopping PM never stops a trader.
 */
@Command(name = "pm", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the Portfolio Manager: adopt running traders, start missing ones, watch, aggregate, serve.",
                "Stopping PM (signal or API) leaves every trader running."})
public final class PmCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        PmConfig config = PmConfig.load(options.config).withOverrides(options.port, options.dataDir);
        // before the first logger exists: logback reads the file location once
        // the files PM needs to reach traders on other hosts: a bad one is a configuration error (exit 2)
        if (config.caPath() != null) {
            try {
                pog.common.tls.Pem.clientContext(config.caPath());
            } catch (java.io.IOException e) {
                throw new pog.common.config.ConfigException(options.config.toString(), "tls.caFile", e.getMessage());
            }
        }
        if (config.readTokenPath() != null) {
            try {
                pog.common.fs.SecretFiles.readSecret(config.readTokenPath());
            } catch (java.io.IOException e) {
                throw new pog.common.config.ConfigException(options.config.toString(), "readTokenFile", e.getMessage());
            }
        }
        Logs.toFile(config.dataPath().resolve("pm.log"));
        // handlers first: a signal during start-up and adoption is an orderly stop too, never the JVM's default
        java.util.concurrent.atomic.AtomicReference<PmService> running = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stopRequested = new java.util.concurrent.atomic.AtomicBoolean();
        Signals.onTermination(() -> {
            stopRequested.set(true);
            PmService current = running.get();
            if (current != null) {
                new Thread(current::close, "pm-signal-stop").start();
            }
        });
        PmService pm;
        try {
            pm = PmService.start(config);
        } catch (DirLock.LockedException e) {
            throw new CliException(ExitCodes.ALREADY_RUNNING, "error: " + e.getMessage()
                    + "; another PM already runs with this data directory");
        } catch (BindException e) {
            throw new CliException(ExitCodes.ALREADY_RUNNING, "error: " + e.getMessage()
                    + "; is PM already running? (pog status)");
        }
        running.set(pm);
        if (stopRequested.get()) {
            pm.close();
            return ExitCodes.OK;
        }
        System.out.println("pm listening on " + pm.baseUrl() + " watching " + config.services().size()
                + " service(s); stopping PM leaves traders running");
        while (!pm.awaitClosed(1, java.util.concurrent.TimeUnit.HOURS)) {
            // keep serving until closed by a signal or the API
        }
        return ExitCodes.OK;
    }
}
