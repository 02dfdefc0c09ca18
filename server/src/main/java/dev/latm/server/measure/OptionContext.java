package dev.latm.server.measure;

import dev.latm.proto.v1.MeasurementOptionsOrBuilder;
import dev.latm.runtime.EngineRegistry;
import dev.latm.server.ServerConfig;

/**
 * What an option's default and rule may depend on: the server's settings, its engines, and the
 * request's options as resolved so far (every default applied, for rules).
 */
public record OptionContext(ServerConfig config, EngineRegistry engines, MeasurementOptionsOrBuilder resolved) {
}
