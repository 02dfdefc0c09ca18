package dev.latm.server.measure;

import dev.latm.runtime.Engine;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engines a server hosts, by name. */
public final class EngineCatalog {
    private final Map<String, Engine> engines = new LinkedHashMap<>();

    public EngineCatalog(List<Engine> available) {
        for (Engine engine : available) {
            engines.put(engine.name(), engine);
        }
    }

    /** @throws IllegalArgumentException naming the hosted engines */
    public Engine get(String name) {
        Engine engine = engines.get(name);
        if (engine == null) {
            throw new IllegalArgumentException("unknown engine '" + name + "': this server hosts "
                    + String.join(", ", engines.keySet()));
        }
        return engine;
    }

    public Set<String> names() {
        return engines.keySet();
    }

    public Collection<Engine> all() {
        return engines.values();
    }
}
