package pog.venue.spi;

import pog.venue.Venue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The venues a process was given, by name: what parses a {@code venue:} section and what describes and opens it.
 * Built once in {@code app} from a plain list; two providers may not share a name or a config record.
 */
public final class VenueProviders {
    private final Map<String, VenueProvider<?>> byName = new LinkedHashMap<>();

    public VenueProviders(List<? extends VenueProvider<?>> providers) {
        Map<Class<?>, String> types = new LinkedHashMap<>();
        for (VenueProvider<?> p : providers) {
            VenueProvider<?> before = byName.putIfAbsent(p.name(), p);
            if (before != null) {
                throw new IllegalArgumentException("two venue providers are named '" + p.name() + "'");
            }
            String other = types.putIfAbsent(p.configType(), p.name());
            if (other != null) {
                throw new IllegalArgumentException("venues '" + other + "' and '" + p.name() + "' share the config record "
                        + p.configType().getName());
            }
        }
    }

    public static VenueProviders of(VenueProvider<?>... providers) {
        return new VenueProviders(List.of(providers));
    }

    /** The venue names, in the order given (what an unknown {@code type} is told it could have been). */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The provider named {@code name}, if this process knows it. */
    public Optional<VenueProvider<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Each venue's config record by its name, for the config loader to resolve {@code venue.type}. */
    public Map<String, Class<? extends VenueConfig>> configTypes() {
        Map<String, Class<? extends VenueConfig>> out = new LinkedHashMap<>();
        byName.forEach((name, p) -> out.put(name, p.configType()));
        return out;
    }

    /** See {@link VenueProvider#describe}. */
    public VenueProvider.Description describe(VenueConfig config, Map<String, String> env) {
        return describe(providerOf(config), config, env);
    }

    /** See {@link VenueProvider#open}. */
    public Venue open(VenueConfig config, Path dataDir, Map<String, String> env, Clock clock) {
        return open(providerOf(config), config, dataDir, env, clock);
    }

    private VenueProvider<?> providerOf(VenueConfig config) {
        for (VenueProvider<?> p : byName.values()) {
            if (p.configType() == config.getClass()) {
                return p;
            }
        }
        // only a program error gets here: the loader accepts only the types these providers declared
        throw new IllegalArgumentException("no venue provider for " + config.getClass().getName() + " (known: "
                + String.join(", ", byName.keySet()) + ")");
    }

    private static <C extends VenueConfig> VenueProvider.Description describe(VenueProvider<C> p, VenueConfig config,
                                                                            Map<String, String> env) {
        return p.describe(p.configType().cast(config), env);
    }

    private static <C extends VenueConfig> Venue open(VenueProvider<C> p, VenueConfig config, Path dataDir,
                                                      Map<String, String> env, Clock clock) {
        return p.open(p.configType().cast(config), dataDir, env, clock);
    }
}
