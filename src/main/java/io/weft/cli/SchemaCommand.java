package io.weft.cli;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.storage.cassandra.CassandraSchema;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.opensearch.OpenSearchSchema;
import io.weft.storage.opensearch.OpenSearchSettings;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code weft schema [options]}: what Weft would create in its backend, for an operator to apply by hand:
 * Cassandra's CQL (keyspace, replication and TTL from the options), or with
 * {@code --span-storage.type=opensearch|elasticsearch} the index templates.
 */
final class SchemaCommand {
  private SchemaCommand() {}

  static int run(List<String> args) {
    return run(args, System.out, System.err);
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println("Usage: weft schema [--cassandra.keyspace=weft --cassandra.replication=... --cassandra.ttl=2d]\n"
          + "Prints the CQL that creates Weft's Cassandra schema; apply it with cqlsh -f, then run Weft with\n"
          + "--cassandra.create-schema=false.\n"
          + "       weft schema --span-storage.type=opensearch [--opensearch.index.shards=... --opensearch.jaeger-compat]\n"
          + "Prints the OpenSearch/Elasticsearch index templates; apply them, then run Weft with\n"
          + "--opensearch.create-templates=false.");
      return 0;
    }
    try {
      WeftConfig config = WeftConfig.load(args, System.getenv());
      String type = config.get(Options.STORAGE_TYPE).trim();
      if (type.equals("opensearch") || type.equals("elasticsearch")) {
        out.print(new OpenSearchSchema(OpenSearchSettings.from(config)).script());
      } else {
        out.print(new CassandraSchema(CassandraSettings.from(config)).script());
      }
      return 0;
    } catch (ConfigException e) {
      err.println("weft schema: " + e.getMessage());
      return 2;
    }
  }
}
