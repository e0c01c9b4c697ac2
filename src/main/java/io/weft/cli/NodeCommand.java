package io.weft.cli;

import io.weft.WeftNode;
import io.weft.config.ConfigException;
import io.weft.config.Option;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.net.ListenException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code weft [options]}: runs a node until the process is asked to stop (SIGTERM, Ctrl-C). */
final class NodeCommand {
  /** What {@link #run} answers once the node stopped with the JVM: the exit is already under way. */
  static final int STOPPED = -1;

  private NodeCommand() {}

  static int run(List<String> args) throws InterruptedException {
    WeftConfig config;
    WeftNode node;
    try {
      config = WeftConfig.load(args, System.getenv());
      Logging.setLevel(config.get(Options.LOG_LEVEL));
      node = new WeftNode(config);
    } catch (ConfigException e) {
      System.err.println("weft: " + e.getMessage());
      return 2;
    }
    long t0 = System.nanoTime();
    CountDownLatch stopped = new CountDownLatch(1);
    node.start()
        .onSuccess(n -> System.out.printf("Weft ready in %d ms: roles %s; %s%s%n", (System.nanoTime() - t0) / 1_000_000,
            n.roles(), Logging.ports(config, n.roles()), n.cluster() == null ? ""
                : "; cluster member " + n.cluster().memberId() + ", roles follow the cluster's plan"))
        .onFailure(err -> {
          System.err.println("weft: cannot start: " + startFailure(err, config));
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // A clustered node first hands its roles over (up to cluster.shutdown-timeout).
        long budgetMs = config.getMicros(Options.CLUSTER_SHUTDOWN) / 1000 + 20_000;
        node.close().toCompletionStage().toCompletableFuture().get(budgetMs, TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      stopped.countDown();
    }, "weft-shutdown"));
    stopped.await();
    return STOPPED;
  }

  /**
   * Why a node could not start, in one line. A port in use names the port, what would listen there and
   * the option that sets it: the usual cause is another Weft node on the same ports.
   */
  static String startFailure(Throwable err, WeftConfig config) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof ListenException l) {
        Option option = portOption(config, l.port());
        String change = option == null ? "" : "; choose another with --" + option.name() + "=PORT";
        return l.inUse()
            ? "port " + l.port() + " on " + l.host() + " (" + l.what() + ") is already in use, perhaps by another"
                + " Weft node" + change
            : l.getMessage() + change;
      }
    }
    return String.valueOf(err.getMessage());
  }

  /** The option set to {@code port}, or null. */
  static Option portOption(WeftConfig config, int port) {
    for (Option o : Options.ALL) {
      if (o.name().endsWith(".port") && config.get(o).trim().equals(Integer.toString(port))) {
        return o;
      }
    }
    return null;
  }
}
