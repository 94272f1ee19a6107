package pog.app.pm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.app.Version;

import java.util.concurrent.Callable;

/** {@code pog start ID}: an explicit, audited start of one trader through PM (needs the control token). */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Start a stopped trader through its launcher (PM re-checks the port first: never a second copy).")
public final class StartCommand implements Callable<Integer> {
    @Mixin
    PmOptions pm;

    @Parameters(index = "0", paramLabel = "ID", description = "Service id from the PM config.")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ServiceAction.run(pm, id, "start", "{}", spec.commandLine().getOut());
    }
}
