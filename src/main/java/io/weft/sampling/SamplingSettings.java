package io.weft.sampling;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.nio.file.Path;

/** Where strategies are served and read from. */
public record SamplingSettings(String host, int httpPort, int grpcPort, Path file, long reloadIntervalMs,
    double defaultProbability) {

  public static SamplingSettings from(WeftConfig c) {
    String file = c.get(Options.SAMPLING_FILE).trim();
    double p = c.getDouble(Options.SAMPLING_DEFAULT);
    if (!(p >= 0 && p <= 1)) {
      throw new ConfigException(Options.SAMPLING_DEFAULT.name() + " must be between 0 and 1, got " + p);
    }
    return new SamplingSettings(c.get(Options.HOST), c.getInt(Options.SAMPLING_HTTP_PORT),
        c.getInt(Options.SAMPLING_GRPC_PORT), file.isEmpty() ? null : Path.of(file),
        c.getMicros(Options.SAMPLING_RELOAD) / 1000, p);
  }
}
