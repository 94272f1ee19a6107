package pog.pm.registry;

import pog.pm.config.PmConfig;
import pog.pm.config.ServiceConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured traders in config order; fixed for PM's lifetime. */
public final class Registry {
    private final Map<String, ServiceEntry> entries = new LinkedHashMap<>();

    public Registry(PmConfig config, Clock clock) {
        for (ServiceConfig s : config.services()) {
            entries.put(s.id(), new ServiceEntry(s, clock, config.monitor()));
        }
    }

    public ServiceEntry get(String id) {
        return entries.get(id);
    }

    public Collection<ServiceEntry> all() {
        return entries.values();
    }

    public List<ServiceView> views() {
        List<ServiceView> out = new ArrayList<>(entries.size());
        for (ServiceEntry e : entries.values()) {
            synchronized (e) {
                out.add(e.view());
            }
        }
        return out;
    }
}
