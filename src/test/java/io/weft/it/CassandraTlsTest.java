package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.vertx.core.json.JsonObject;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.testing.OtelSdk;
import io.weft.testing.TestCerts;
import io.weft.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Weft on a real Cassandra node that speaks CQL over TLS only and requires client certificates
 * (client_encryption_options with Cassandra's PEM factory; certificates made here): with the CA and
 * a client certificate Weft stores and reads a trace from the OpenTelemetry SDK; without the CA, or
 * without a client certificate, or without TLS, the node does not start and says why. One TLS node,
 * shared by the class.
 */
class CassandraTlsTest {
  static Path dir;
  static TestCerts.Ca ca;
  static TestCerts.Leaf weft;
  static CassandraTestNode cassandra;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("weft-cassandra-tls-");
    ca = TestCerts.Ca.create(dir, "cassandra");
    TestCerts.Leaf server = ca.issue(dir, "cassandra-node", "cassandra-node");
    Path keyAndChain = dir.resolve("cassandra-node.pem");
    Files.writeString(keyAndChain, server.keyPem() + server.certPem());
    weft = ca.issue(dir, "weft-client", "weft");
    cassandra = CassandraTestNode.startTls(keyAndChain, ca.certFile, true);
  }

  @AfterAll
  static void stop() {
    if (cassandra != null) {
      cassandra.close();
    }
  }

  static Map<String, String> options(Map<String, String> tls) {
    Map<String, String> o = new HashMap<>(cassandra.options(Map.of("span-storage.type", "cassandra",
        "cassandra.keyspace", "weft_tls")));
    o.putAll(tls);
    return o;
  }

  @Test
  void weftStoresAndReadsATraceOverMutualTls() throws Exception {
    try (TestNode node = TestNode.startWithin(options(Map.of("cassandra.tls.enabled", "true",
        "cassandra.tls.ca", ca.certFile.toString(), "cassandra.tls.cert", weft.cert().toString(),
        "cassandra.tls.key", weft.key().toString())), 90)) {
      String service = "tls-" + UUID.randomUUID().toString().substring(0, 8);
      SdkTracerProvider sdk = OtelSdk.provider(node.otlpGrpc, service);
      Span span = sdk.get("cassandra-tls").spanBuilder("encrypted write").startSpan();
      span.end();
      OtelSdk.flush(sdk);
      String traceId = span.getSpanContext().getTraceId();
      JsonObject trace = Wait.forValue("the trace read back from Cassandra over TLS", 30, () -> node.traceWith(traceId, 1));
      assertEquals("encrypted write", trace.getJsonArray("spans").getJsonObject(0).getString("operationName"));
      assertTrue(node.query("/api/services").getJsonArray("data").contains(service));
      sdk.shutdown();
    }
  }

  static String startFailure(Map<String, String> tls) {
    AssertionError e = assertThrows(AssertionError.class, () -> TestNode.startWithin(options(tls), 60).close());
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void withoutTheCaTheNodeSaysTheHandshakeFailed() {
    String why = startFailure(Map.of("cassandra.tls.enabled", "true", "cassandra.tls.cert", weft.cert().toString(),
        "cassandra.tls.key", weft.key().toString()));
    assertTrue(why.contains("the TLS handshake with Cassandra failed") && why.contains("cassandra.tls.ca"), why);
  }

  @Test
  void withoutAClientCertificateOrWithoutTlsTheNodeDoesNotStart() {
    String noCert = startFailure(Map.of("cassandra.tls.enabled", "true", "cassandra.tls.ca", ca.certFile.toString()));
    assertTrue(noCert.contains("Cassandra storage") && noCert.contains("set cassandra.tls.cert"), noCert);
    String plain = startFailure(Map.of());
    assertTrue(plain.contains("Cassandra storage") && plain.contains("set cassandra.tls.enabled=true"), plain);
  }
}
