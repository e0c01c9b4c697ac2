package io.weft.cli;

import io.weft.WeftNode;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft ingester replay --from-time=T [--to-time=T2] [--group-id=G] [node options]}: stores again
 * what the span topic received in a time range, then exits. It runs an ingester-only node in
 * replay mode, with the same storage and Kafka options as the ingesters (kafka.*, ingester.storage.type,
 * cassandra.*...), under a consumer group of its own so the live ingesters' offsets are untouched.
 * Storing a span again is harmless, so ranges may overlap what is already stored.
 */
public final class ReplayCommand {
  private static final Map<String, String> SHORT = Map.of(
      "from-time", Options.REPLAY_FROM.name(),
      "to-time", Options.REPLAY_TO.name(),
      "group-id", Options.REPLAY_GROUP.name());

  private ReplayCommand() {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.print(help());
      return 0;
    }
    WeftNode node;
    try {
      node = new WeftNode(config(args, System.getenv()));
    } catch (ConfigException e) {
      System.err.println("weft ingester replay: " + e.getMessage());
      return 2;
    }
    long t0 = System.nanoTime();
    try {
      node.start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      String summary = node.ingester().replayDone().toCompletionStage().toCompletableFuture().get();
      System.out.printf("weft ingester replay: %s in %d ms%n", summary, (System.nanoTime() - t0) / 1_000_000);
      return 0;
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("weft ingester replay: failed: " + NodeCommand.startFailure(e.getCause(), node.config()));
      return 1;
    } finally {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The node settings: the short flags renamed, the ingester role only, the admin port random unless given. */
  static WeftConfig config(List<String> args, Map<String, String> env) {
    Map<String, String> flags = new LinkedHashMap<>();
    WeftConfig.parseFlags(args).forEach((k, v) -> flags.put(SHORT.getOrDefault(k, k), v));
    if (flags.containsKey(Options.ROLES.name())) {
      throw new ConfigException("--roles does not apply: a replay runs the ingester alone");
    }
    flags.put(Options.ROLES.name(), "ingester");
    flags.putIfAbsent(Options.ADMIN_PORT.name(), "0");
    List<String> out = new ArrayList<>();
    flags.forEach((k, v) -> out.add("--" + k + "=" + v));
    WeftConfig c = WeftConfig.load(out, env);
    if (c.get(Options.REPLAY_FROM).isBlank()) {
      throw new ConfigException("--from-time is required (ISO-8601, e.g. 2026-11-24T10:00:00Z)");
    }
    return c;
  }

  static String help() {
    return """
        Usage: weft ingester replay --from-time=TIME [--to-time=TIME] [--group-id=NAME] [node options]

        Stores again the spans the Kafka topic received from --from-time up to --to-time (exclusive;
        default: what the topic holds when the replay starts), then exits. Times are ISO-8601, e.g.
        2026-11-24T10:00:00Z. The replay commits its progress under its own consumer group
        (--group-id, default weft-replay), never the live ingesters'. Storage and Kafka come from the
        usual options (--kafka.brokers, --kafka.topic, --ingester.storage.type, --cassandra.*...);
        see weft --help.
        """;
  }
}
