package io.weft.cli;

import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.storage.cassandra.CassandraSchema;
import io.weft.storage.cassandra.CassandraSettings;
import java.io.PrintStream;
import java.util.List;

/** {@code weft schema [options]}: the CQL Weft would apply, for the keyspace, replication and TTL given as options. */
final class SchemaCommand {
  private SchemaCommand() {}

  static int run(List<String> args) {
    return run(args, System.out, System.err);
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println("Usage: weft schema [--cassandra.keyspace=weft --cassandra.replication=... --cassandra.ttl=2d]\n"
          + "Prints the CQL that creates Weft's Cassandra schema; apply it with cqlsh -f, then run Weft with\n"
          + "--cassandra.create-schema=false.");
      return 0;
    }
    try {
      WeftConfig config = WeftConfig.load(args, System.getenv());
      out.print(new CassandraSchema(CassandraSettings.from(config)).script());
      return 0;
    } catch (ConfigException e) {
      err.println("weft schema: " + e.getMessage());
      return 2;
    }
  }
}
