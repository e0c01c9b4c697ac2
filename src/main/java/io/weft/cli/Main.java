package io.weft.cli;

import io.weft.WeftNode;
import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.storage.cassandra.CassandraSchema;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.opensearch.OpenSearchSchema;
import io.weft.storage.opensearch.OpenSearchSettings;
import io.weft.tracegen.TraceGen;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: {@code weft [options]} starts a node; {@code weft tracegen ...} generates load;
 * {@code weft schema [options]} prints the Cassandra schema as CQL, or with
 * {@code --span-storage.type=opensearch} the OpenSearch/Elasticsearch index templates.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = Arrays.asList(args);
    if (!rest.isEmpty() && rest.get(0).equals("tracegen")) {
      System.exit(TraceGen.run(rest.subList(1, rest.size())));
    }
    if (!rest.isEmpty() && rest.get(0).equals("roles")) {
      System.exit(io.weft.cli.RolesCommand.run(rest.subList(1, rest.size()), System.out, System.err));
    }
    if (!rest.isEmpty() && rest.get(0).equals("ingester")) {
      System.exit(io.weft.cli.ReplayCommand.run(rest.subList(1, rest.size())));
    }
    if (!rest.isEmpty() && rest.get(0).equals("schema")) {
      System.exit(schema(rest.subList(1, rest.size())));
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      System.out.print(WeftConfig.help());
      return;
    }
    WeftConfig config;
    WeftNode node;
    try {
      config = WeftConfig.load(rest, System.getenv());
      Logging.setLevel(config.get(io.weft.config.Options.LOG_LEVEL));
      node = new WeftNode(config);
    } catch (ConfigException e) {
      System.err.println("weft: " + e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    CountDownLatch stopped = new CountDownLatch(1);
    node.start()
        .onSuccess(n -> System.out.printf("Weft ready in %d ms: roles %s; %s%s%n", (System.nanoTime() - t0) / 1_000_000,
            n.roles(), Logging.ports(config, n.roles()), n.cluster() == null ? ""
                : "; cluster member " + n.cluster().memberId() + ", roles follow the cluster's plan"))
        .onFailure(err -> {
          System.err.println("weft: cannot start: " + err.getMessage());
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // A clustered node first hands its roles over (up to cluster.shutdown-timeout).
        long budgetMs = config.getMicros(io.weft.config.Options.CLUSTER_SHUTDOWN) / 1000 + 20_000;
        node.close().toCompletionStage().toCompletableFuture().get(budgetMs, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      stopped.countDown();
    }, "weft-shutdown"));
    stopped.await();
  }

  /** {@code weft schema}: the CQL Weft would apply, for the keyspace, replication and TTL given as options. */
  static int schema(List<String> args) {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println("Usage: weft schema [--cassandra.keyspace=weft --cassandra.replication=... --cassandra.ttl=2d]\n"
          + "Prints the CQL that creates Weft's Cassandra schema; apply it with cqlsh -f, then run Weft with\n"
          + "--cassandra.create-schema=false.\n"
          + "       weft schema --span-storage.type=opensearch [--opensearch.index.shards=... --opensearch.jaeger-compat]\n"
          + "Prints the OpenSearch/Elasticsearch index templates; apply them, then run Weft with\n"
          + "--opensearch.create-templates=false.");
      return 0;
    }
    try {
      WeftConfig config = WeftConfig.load(args, System.getenv());
      String type = config.get(io.weft.config.Options.STORAGE_TYPE).trim();
      if (type.equals("opensearch") || type.equals("elasticsearch")) {
        System.out.print(new OpenSearchSchema(OpenSearchSettings.from(config)).script());
        return 0;
      }
      System.out.print(new CassandraSchema(CassandraSettings.from(config)).script());
      return 0;
    } catch (ConfigException e) {
      System.err.println("weft schema: " + e.getMessage());
      return 2;
    }
  }
}
