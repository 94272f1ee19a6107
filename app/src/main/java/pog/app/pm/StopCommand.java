package pog.app.pm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.app.Version;

import java.util.concurrent.Callable;

/** {@code pog stop ID [--flatten]}: an explicit, audited stop of one trader through PM (needs the control token). */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Stop one trader gracefully and confirm its process is gone; PM will not restart it.",
                "Positions and their stops stay on the venue unless --flatten."})
public final class StopCommand implements Callable<Integer> {
    @Mixin
    PmOptions pm;

    @Parameters(index = "0", paramLabel = "ID", description = "Service id from the PM config.")
    String id;

    @Option(names = "--flatten", description = "Close the trader's positions before stopping it.")
    boolean flatten;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ServiceAction.run(pm, id, "stop", "{\"flatten\": " + flatten + "}", spec.commandLine().getOut());
    }
}
