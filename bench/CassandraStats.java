import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Cassandra node has done so far, from its virtual tables (no JMX needed): requests served
 * (Native-Transport-Requests), mutations applied (MutationStage), and per table of a keyspace its
 * local writes (partition updates). Run twice around a bench window and subtract:
 * {@code java -cp target/weft.jar bench/CassandraStats.java 127.0.0.1:9042 [keyspace]}
 * prints {@code name value} lines.
 */
public class CassandraStats {
  public static void main(String[] args) {
    String[] hp = args[0].split(":");
    Map<String, Long> out = new TreeMap<>();
    try (CqlSession s = CqlSession.builder().addContactPoint(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])))
        .withLocalDatacenter("datacenter1").build()) {
      for (Row r : s.execute("SELECT name, completed_tasks FROM system_views.thread_pools")) {
        String n = r.getString("name");
        if (n.equals("Native-Transport-Requests") || n.equals("MutationStage") || n.equals("CounterMutationStage")) {
          out.put("pool." + n, r.getLong("completed_tasks"));
        }
      }
      if (args.length > 1) {
        for (Row r : s.execute("SELECT table_name, count FROM system_views.local_write_latency WHERE keyspace_name = ?",
            args[1])) {
          out.put("writes." + r.getString("table_name"), r.getLong("count"));
        }
      }
    }
    out.forEach((k, v) -> System.out.println(k + " " + v));
  }
}
