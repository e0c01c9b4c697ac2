package io.weft.cli;

import io.weft.config.WeftConfig;
import io.weft.tracegen.TraceGen;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code weft} command: without a subcommand (or with options only) it runs a node; otherwise the
 * first words name one of {@link #COMMANDS}. {@code weft help} lists them.
 */
public final class Main {
  private Main() {}

  /** Every subcommand, in the order {@code weft help} lists them. */
  static final List<Command> COMMANDS = List.of(
      new Command("tracegen", "weft tracegen [--name=value ...]",
          "generate load: realistic traces over OTLP, Zipkin or Jaeger UDP", TraceGen::run),
      new Command("roles", "weft roles [--admin=host:port] [--json] [role=count ...]",
          "show or set a cluster's role counts, through any member's admin port",
          args -> RolesCommand.run(args, System.out, System.err)),
      new Command("schema", "weft schema [--name=value ...]",
          "print the storage schema: Cassandra CQL, or OpenSearch index templates", SchemaCommand::run),
      new Command("ingester replay", "weft ingester replay --from-time=TIME [--to-time=TIME] [options]",
          "store again what the Kafka topic received in a time range, then exit", ReplayCommand::run),
      new Command("help", "weft help", "this list", args -> {
        System.out.print(usage());
        return 0;
      }));

  public static void main(String[] args) throws Exception {
    int status = run(Arrays.asList(args));
    if (status != NodeCommand.STOPPED) {
      System.exit(status);
    }
  }

  /** Runs what the arguments name; the exit status, or for a node (run until the JVM stops) {@link NodeCommand#STOPPED}. */
  static int run(List<String> args) throws Exception {
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      if (args.contains("--help") || args.contains("-h")) {
        System.out.print(usage() + "\n" + WeftConfig.help());
        return 0;
      }
      return NodeCommand.run(args);
    }
    Match m = find(args);
    if (m == null) {
      System.err.println("weft: unknown command '" + args.get(0) + "' (weft help lists the commands)");
      return 2;
    }
    return m.command().runner().run(m.rest());
  }

  /** A command and the arguments after its name. */
  record Match(Command command, List<String> rest) {}

  /**
   * The command whose words begin {@code args}. {@code weft ingester --from-time=...}, the form from
   * before replay had its own word, still means {@code weft ingester replay}.
   */
  static Match find(List<String> args) {
    for (Command c : COMMANDS) {
      List<String> w = c.words();
      if (args.size() >= w.size() && args.subList(0, w.size()).equals(w)) {
        return new Match(c, args.subList(w.size(), args.size()));
      }
      if (w.size() > 1 && args.get(0).equals(w.get(0)) && (args.size() == 1 || args.get(1).startsWith("-"))) {
        return new Match(c, args.subList(1, args.size()));
      }
    }
    return null;
  }

  /** What {@code weft help} prints: how to start a node, then each command. */
  static String usage() {
    StringBuilder sb = new StringBuilder("Usage: weft [--name=value ...]\n")
        .append("  start a node (weft --help lists every option)\n\n");
    for (Command c : COMMANDS) {
      sb.append(c.usage()).append("\n  ").append(c.summary()).append('\n');
    }
    sb.append("\nEach command takes --help.\n");
    return sb.toString();
  }
}
