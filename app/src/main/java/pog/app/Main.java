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
import pog.hyperliquid.client.HyperliquidProvider;
import pog.lighter.client.LighterProvider;
import pog.paper.PaperProvider;
import pog.venue.spi.VenueProviders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point of {@code pog.jar}. */
@Command(name = "pog", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "PoG: failsafe runtime for automated trading services.",
        subcommands = {TraderCommand.class, PmCommand.class, StatusCommand.class, StartCommand.class,
                StopCommand.class, RestartCommand.class, StopAllCommand.class, DemoCommand.class, WatchdogCommand.class, ExchangeSimCommand.class,
                HyperliquidCommand.class, LighterCommand.class, CdsTrainCommand.class, AlertCommand.class, TlsCommand.class,
                ReplayCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /**
     * Every venue this build knows, in plain code: a trader's {@code venue.type} is one of their names. A new venue
     * module adds its provider here and nowhere else (venue/README.md, "Adding a venue").
     */
    public static final VenueProviders VENUES = new VenueProviders(List.of(
            new PaperProvider(), new HyperliquidProvider(), new LighterProvider()));

    /** The commands that work with venues, built with them (picocli builds every other one itself). */
    private static final Map<Class<?>, Supplier<Object>> WITH_VENUES = Map.of(
            TraderCommand.class, () -> new TraderCommand(VENUES),
            DemoCommand.class, () -> new DemoCommand(VENUES, Main.class),
            ReplayCommand.class, () -> new ReplayCommand(VENUES),
            CdsTrainCommand.class, () -> new CdsTrainCommand(VENUES));

    private static final CommandLine.IFactory FACTORY = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Supplier<Object> make = WITH_VENUES.get(type);
            return make != null ? type.cast(make.get()) : CommandLine.defaultFactory().create(type);
        }
    };

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * The long-running services, started by PM, the watchdog and systemd, where start-up time is blind time: their
     * command line is built alone, without reflecting over every other subcommand (about half a second).
     */
    private static final Map<String, Supplier<Object>> SERVICES = Map.of(
            "trader", () -> new TraderCommand(VENUES),
            "pm", PmCommand::new,
            "exchange-sim", ExchangeSimCommand::new,
            "watchdog", WatchdogCommand::new,
            // the training runs of the class-data archives: what they load is what the archive holds
            "cds-train", () -> new CdsTrainCommand(VENUES));

    public static int run(String... args) {
        if (args.length > 0 && SERVICES.containsKey(args[0])) {
            CommandLine service = withErrorHandling(new CommandLine(SERVICES.get(args[0]).get(), FACTORY));
            service.setCommandName("pog " + args[0]);
            return service.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    /** The whole command line with PoG's error handling: failures are one line and an exit code. */
    public static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new Main(), FACTORY));
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
            String logFile = System.getProperty(pog.common.log.Logs.FILE_PROPERTY);
            if (logFile != null) {
                org.slf4j.LoggerFactory.getLogger(Main.class).error("event=command_failed error={}", e.toString(), e);
            }
            String detail = plainWords(e.getMessage());
            commandLine.getErr().println("error: " + (detail != null ? detail
                    : commandLine.getCommandSpec().qualifiedName() + " stopped on an unexpected internal error")
                    + (logFile != null ? " (details in " + logFile + ")" : detail == null ? " (POG_DEBUG=1 shows details)" : ""));
            if ("1".equals(System.getenv("POG_DEBUG"))) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.FAILURE;
        });
        cli.setParameterExceptionHandler((e, argv) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(parameterError(e));
            return ExitCodes.CONFIG;
        });
        return cli;
    }

    /**
     * A command line mistake as one line in PoG's words, naming the command, the option and what is wrong, e.g.
     * {@code error: pog trader: unknown option '--prot'; did you mean --port? (see 'pog trader --help')}.
     */
    static String parameterError(CommandLine.ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        return "error: " + command + ": " + problem(e) + " (see '" + command + " --help')";
    }

    private static String problem(CommandLine.ParameterException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
        if (e instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()) {
            // picocli checks required options first; a misspelt option is the cause worth naming
            return problem(new CommandLine.UnmatchedArgumentException(e.getCommandLine(), unmatched));
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            String first = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
            List<String> suggestions = u.getSuggestions();
            String hint = suggestions.isEmpty() ? ""
                    : "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
            return (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'" + hint;
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            CommandLine.Model.ArgSpec first = m.getMissing().get(0);
            if (message.startsWith("Missing required parameter for option")) {
                return name(first) + " needs a value (" + first.paramLabel() + ")";
            }
            List<String> missing = new ArrayList<>();
            for (CommandLine.Model.ArgSpec a : m.getMissing()) {
                missing.add(a.isOption() ? name(a) + " " + a.paramLabel() : a.paramLabel());
            }
            return "missing " + String.join(", ", missing);
        }
        if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() != null) {
            return name(o.getOverwritten()) + " is given more than once";
        }
        if (e.getArgSpec() != null && e.getValue() != null && message.startsWith("Invalid value")) {
            return name(e.getArgSpec()) + ": expected " + kind(e.getArgSpec()) + ", got '" + e.getValue() + "'";
        }
        String first = message.lines().findFirst().orElse("").strip();
        return first.isEmpty() ? "bad command line" : Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }

    private static String name(CommandLine.Model.ArgSpec a) {
        return a instanceof CommandLine.Model.OptionSpec o ? o.longestName() : a.paramLabel();
    }

    private static String kind(CommandLine.Model.ArgSpec a) {
        Class<?> t = a.type();
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "a whole number";
        }
        if (t == double.class || t == Double.class || t == java.math.BigDecimal.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object v : t.getEnumConstants()) {
                names.add(v.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return "one of " + String.join(", ", names);
        }
        return "a valid " + a.paramLabel();
    }

    /** The first line of {@code message} if it reads as words for a person, else null (library or JVM text). */
    static String plainWords(String message) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String first = message.lines().findFirst().orElse("").strip();
        boolean library = first.contains("Exception") || first.contains("com.fasterxml") || first.contains("java.")
                || first.contains("[Source:") || first.contains("`") || first.contains("org.");
        return first.isEmpty() || library ? null : first;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
