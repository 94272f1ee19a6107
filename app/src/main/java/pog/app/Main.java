package pog.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import pog.app.demo.DemoCommand;
import pog.app.pm.PmCommand;
import pog.app.watchdog.WatchdogCommand;
import pog.app.pm.RestartCommand;
import pog.app.pm.StartCommand;
import pog.app.pm.StatusCommand;
import pog.app.pm.StopAllCommand;
import pog.app.pm.StopCommand;
import pog.common.config.ConfigException;

/** Entry point of {@code pog.jar}. */
@Command(name = "pog", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "PoG: failsafe runtime for automated trading services.",
        subcommands = {TraderCommand.class, PmCommand.class, StatusCommand.class, StartCommand.class,
                StopCommand.class, RestartCommand.class, StopAllCommand.class, DemoCommand.class, WatchdogCommand.class, ExchangeSimCommand.class,
                HyperliquidCommand.class, LighterCommand.class, CdsTrainCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * The long-running services, started by PM, the watchdog and systemd, where start-up time is blind time: their
     * command line is built alone, without reflecting over every other subcommand (about half a second).
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SERVICES = java.util.Map.of(
            "trader", TraderCommand::new,
            "pm", PmCommand::new,
            "exchange-sim", ExchangeSimCommand::new,
            "watchdog", WatchdogCommand::new);

    public static int run(String... args) {
        if (args.length > 0 && SERVICES.containsKey(args[0])) {
            CommandLine service = withErrorHandling(new CommandLine(SERVICES.get(args[0]).get()));
            service.setCommandName("pog " + args[0]);
            return service.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    /** The whole command line with PoG's error handling: failures are one line and an exit code. */
    public static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new Main()));
    }

    private static CommandLine withErrorHandling(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return ExitCodes.CONFIG;
            }
            if (e instanceof CliException ce) {
                commandLine.getErr().println(ce.getMessage());
                return ce.exitCode();
            }
            // the person gets one line; the service log (where there is one) has the stack trace
            if (System.getProperty(pog.common.log.Logs.FILE_PROPERTY) != null) {
                org.slf4j.LoggerFactory.getLogger(Main.class).error("event=command_failed error={}", e.toString(), e);
            }
            commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            return ExitCodes.FAILURE;
        });
        cli.setParameterExceptionHandler((e, argv) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.CONFIG;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
