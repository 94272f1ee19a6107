package pog.app.pm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pog.app.Version;

import java.util.concurrent.Callable;

/** {@code pog restart ID}: an explicit, audited restart of one trader through PM (needs the control token). */
@Command(name = "restart", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Stop a trader gracefully, confirm it is gone, and start it again.")
public final class RestartCommand implements Callable<Integer> {
    @Mixin
    PmOptions pm;

    @Parameters(index = "0", paramLabel = "ID", description = "Service id from the PM config.")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ServiceAction.run(pm, id, "restart", "{}", spec.commandLine().getOut());
    }
}
