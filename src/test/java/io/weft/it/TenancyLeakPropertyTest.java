package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.codec.OtlpEncoder;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.TraceId;
import io.weft.testing.RandomSpans;
import io.weft.testing.Wait;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A property over random spans and random queries: two tenants write random traces (RandomSpans' tags,
 * logs and values, with service and operation names some shared, some each tenant's own) through OTLP
 * HTTP; random reads of every kind, as either tenant, never return a trace id, service, operation or
 * dependency that only the other tenant wrote. The leak count is asserted zero, and the reads' own
 * finds are asserted many, so the property is not met by answering nothing.
 */
class TenancyLeakPropertyTest {
  static final List<String> TENANTS = List.of("tenant-a", "tenant-b");
  static final List<String> SHARED_SERVICES = List.of("checkout", "cart", "db");
  static final List<String> SHARED_OPS = List.of("GET", "POST", "query");

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("tenancy.enabled", "true",
      "tenancy.tenants", String.join(",", TENANTS), "span-metrics.enabled", "false"));

  /** What each tenant wrote: trace ids (normalized hex), services and operations. */
  static final class Written {
    final Set<String> traces = new HashSet<>();
    final Set<String> services = new HashSet<>();
    final Set<String> operations = new HashSet<>();
  }

  @Test
  void noReadOfOneTenantReturnsWhatOnlyTheOtherWrote() throws Exception {
    long seed = Long.getLong("weft.seed", System.nanoTime());
    Random r = new Random(seed);
    RandomSpans random = new RandomSpans(seed);
    Map<String, Written> written = new HashMap<>();
    TENANTS.forEach(t -> written.put(t, new Written()));
    long now = System.currentTimeMillis() * 1000;
    for (String t : TENANTS) {
      List<Span> batch = new ArrayList<>();
      for (int trace = 0; trace < 40; trace++) {
        TraceId id = new TraceId(r.nextInt(3) == 0 ? 0 : r.nextLong() | 1, r.nextLong() | 1);
        written.get(t).traces.add(norm(id.toHex()));
        long parent = 0;
        for (int i = 1 + r.nextInt(5); i > 0; i--) {
          String service = r.nextInt(3) == 0 ? "only-" + t + "-" + r.nextInt(4) : pick(r, SHARED_SERVICES);
          String op = r.nextInt(3) == 0 ? "op-" + t + "-" + r.nextInt(4) : pick(r, SHARED_OPS);
          long spanId = r.nextLong() | 1;
          Span s = random.span(id).toBuilder().spanId(spanId).operationName(op)
              .references(parent == 0 ? List.of() : List.of(SpanRef.childOf(id, parent)))
              .startTimeMicros(now - 1_000_000L * (1 + r.nextInt(600))).durationMicros(1 + r.nextInt(100_000))
              .process(new Process(service, List.of())).kind(r.nextBoolean() ? SpanKind.SERVER : SpanKind.CLIENT)
              .build();
          batch.add(s);
          written.get(t).services.add(service);
          written.get(t).operations.add(op);
          parent = spanId;
        }
      }
      HttpResponse<String> resp = TenantHttp.post(t, node.otlpHttp, "/v1/traces", "application/x-protobuf",
          OtlpEncoder.encode(batch).toByteArray());
      assertEquals(200, resp.statusCode(), resp.body());
    }
    for (String t : TENANTS) {
      for (String id : written.get(t).traces) {
        Wait.forValue("trace " + id + " of " + t, 30, () -> {
          try {
            return TenantHttp.get(t, node.query, "/api/traces/" + id).statusCode() == 200 ? id : null;
          } catch (Exception e) {
            return null;
          }
        });
      }
    }

    int leaks = 0;
    int ownFinds = 0;
    List<String> leaked = new ArrayList<>();
    List<String> allTraces = new ArrayList<>();
    List<String> allServices = new ArrayList<>();
    for (Written w : written.values()) {
      allTraces.addAll(w.traces);
      allServices.addAll(w.services);
    }
    java.util.Collections.sort(allTraces);
    java.util.Collections.sort(allServices);
    for (int q = 0; q < 150; q++) {
      String t = pick(r, TENANTS);
      Written own = written.get(t);
      Written other = written.get(TENANTS.get(1 - TENANTS.indexOf(t)));
      Set<String> otherOnlyServices = minus(other.services, own.services);
      Set<String> otherOnlyOps = minus(other.operations, own.operations);
      String service = pick(r, allServices);
      String kind;
      Set<String> answer;
      Set<String> forbidden;
      switch (r.nextInt(8)) {
        case 0 -> {
          kind = "/api/services";
          answer = strings(TenantHttp.json(t, node.query, kind).getJsonArray("data"));
          forbidden = otherOnlyServices;
        }
        case 1 -> {
          kind = "/api/operations?service=" + enc(service);
          answer = new HashSet<>();
          TenantHttp.json(t, node.query, kind).getJsonArray("data")
              .forEach(o -> answer.add(((JsonObject) o).getString("name")));
          forbidden = otherOnlyOps;
        }
        case 2 -> {
          String id = pick(r, allTraces);
          kind = "/api/traces/" + id;
          int status = TenantHttp.get(t, node.query, kind).statusCode();
          answer = status == 200 ? Set.of(id) : Set.of();
          forbidden = other.traces;
        }
        case 3 -> {
          kind = "/api/traces?service=" + enc(service) + "&lookback=1h&limit=200";
          answer = traceIds(TenantHttp.json(t, node.query, kind).getJsonArray("data"), "traceID");
          forbidden = other.traces;
        }
        case 4 -> {
          kind = "/api/dependencies?endTs=" + System.currentTimeMillis() + "&lookback=3600000";
          answer = new HashSet<>();
          TenantHttp.json(t, node.query, kind).getJsonArray("data").forEach(o -> {
            answer.add(((JsonObject) o).getString("parent"));
            answer.add(((JsonObject) o).getString("child"));
          });
          forbidden = otherOnlyServices;
        }
        case 5 -> {
          kind = "/api/v3/services";
          answer = strings(TenantHttp.json(t, node.query, kind).getJsonArray("services"));
          forbidden = otherOnlyServices;
        }
        case 6 -> {
          kind = "/zipkin/api/v2/services";
          answer = strings(new JsonArray(TenantHttp.get(t, node.query, kind).body()));
          forbidden = otherOnlyServices;
        }
        default -> {
          kind = "/api/search?tags=" + enc("service.name=" + service) + "&limit=200&start="
              + (System.currentTimeMillis() / 1000 - 3600) + "&end=" + (System.currentTimeMillis() / 1000 + 60);
          answer = traceIds(TenantHttp.json(t, node.query, kind).getJsonArray("traces"), "traceID");
          forbidden = other.traces;
        }
      }
      for (String a : answer) {
        if (forbidden.contains(a)) {
          leaks++;
          leaked.add(t + " " + kind + " -> " + a);
        } else {
          ownFinds++;
        }
      }
    }
    assertEquals(0, leaks, "seed " + seed + ": cross-tenant leaks " + leaked);
    assertTrue(ownFinds > 100, "seed " + seed + ": the reads found only " + ownFinds + " of their own items");
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static Set<String> strings(JsonArray a) {
    Set<String> out = new HashSet<>();
    a.forEach(x -> out.add(String.valueOf(x)));
    return out;
  }

  private static Set<String> traceIds(JsonArray a, String field) {
    Set<String> out = new HashSet<>();
    a.forEach(x -> out.add(norm(((JsonObject) x).getString(field))));
    return out;
  }

  /** Trace ids as hex without leading zeros: APIs write 64-bit ids as 16 or 32 digits. */
  static String norm(String hex) {
    String h = hex.toLowerCase(Locale.ROOT).replaceFirst("^0+", "");
    return h.isEmpty() ? "0" : h;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
