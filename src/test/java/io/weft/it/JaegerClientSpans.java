package io.weft.it;

import static io.weft.it.TraceJson.tagType;
import static io.weft.it.TraceJson.tagValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What the jaeger-client tests (UDP through the agent, HTTP to the collector) send and check: a server
 * span with a tag of each type and a log, and a child of it.
 */
public final class JaegerClientSpans {
  private JaegerClientSpans() {}

  /** Starts {@code operation} (tags items=3, express=true, weight=2.5, span.kind=server; one log) and finishes a db.update child of it. */
  public static JaegerSpan parentWithChild(JaegerTracer tracer, String operation) {
    JaegerSpan parent = tracer.buildSpan(operation).withTag("items", 3).withTag("express", true)
        .withTag("weight", 2.5).withTag("span.kind", "server").start();
    parent.log(Map.of("event", "reserved", "sku", "A1"));
    tracer.buildSpan("db.update").asChildOf(parent).withTag("db.type", "sql").start().finish();
    return parent;
  }

  /** The parent's tags and log, as the query API answers them (Jaeger UI JSON): types kept. */
  public static void assertTagsAndLog(JsonObject parent) {
    JsonArray tags = parent.getJsonArray("tags");
    assertEquals(3, ((Number) tagValue(tags, "items")).intValue());
    assertEquals("int64", tagType(tags, "items"));
    assertEquals(true, tagValue(tags, "express"));
    assertEquals(2.5, ((Number) tagValue(tags, "weight")).doubleValue());
    assertEquals("server", tagValue(tags, "span.kind"));
    JsonArray fields = parent.getJsonArray("logs").getJsonObject(0).getJsonArray("fields");
    assertEquals("reserved", tagValue(fields, "event"));
    assertEquals("A1", tagValue(fields, "sku"));
  }
}
