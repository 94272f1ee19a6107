package pog.simfront;

/**
 * What every simulator's configuration record has, so the options {@code pog exchange-sim} shares are applied in one
 * place ({@link SimulatorProvider#configured}): its built-in defaults filled in, where it listens, whether the admin
 * routes are on. Each method returns a changed copy.
 */
public interface FrontConfig<C extends FrontConfig<C>> {
    /** Every key left out of the file filled in with the built-in default. */
    C withDefaults();

    C withPort(int port);

    C withBind(String bind);

    C withAdmin(boolean admin);
}
