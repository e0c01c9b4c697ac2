package io.weft.storage.spread;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.wire.SpanBatch;
import io.weft.wire.Addresses;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.SpanMatcher;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanStore;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A member's span store on the event bus, at addresses only this member consumes: reads for the
 * query nodes' scatter-gather ({@link ScatterSpanReader}), and writes of spans whose trace this
 * member owns ({@link TraceOwnerWriter}) or that a leaving member hands over.
 */
public final class StoreService {
  private StoreService() {}

  public static Future<Void> register(Vertx vertx, String selfId, SpanStore store) {
    return register(vertx, selfId, store, null);
  }

  /**
   * With {@code filters}, the compiler of the trace filters querying nodes send (TraceQL), this
   * member also runs filter scans; without it, it refuses them. Tenants' requests are refused.
   */
  public static Future<Void> register(Vertx vertx, String selfId, SpanStore store,
      Function<String, TraceFilter> filters) {
    return register(vertx, selfId, tenant -> {
      if (tenant != null) {
        throw new IllegalArgumentException("this member keeps no tenants' stores");
      }
      return store;
    }, filters);
  }

  /**
   * Serves a store per tenant: a request or write naming a tenant (the {@link StoreMessages#TENANT}
   * header) reaches {@code stores.apply(tenant)} only, one without reaches {@code stores.apply(null)}, the
   * node's own. {@code stores} throws for a tenant this member must not keep (the request fails with 403).
   */
  public static Future<Void> register(Vertx vertx, String selfId, Function<String, SpanStore> stores,
      Function<String, TraceFilter> filters) {
    EventBus eb = vertx.eventBus();
    MessageConsumer<JsonObject> reads = eb.consumer(Addresses.storeRead(selfId), msg -> {
      SpanStore store = storeOf(stores, msg);
      if (store != null) {
        read(vertx, store, filters, msg);
      }
    });
    MessageConsumer<SpanBatch> writes = eb.consumer(Addresses.storeWrite(selfId), msg -> {
      SpanStore store = storeOf(stores, msg);
      if (store != null) {
        write(store, msg);
      }
    });
    return Future.all(reads.completion(), writes.completion()).mapEmpty();
  }

  /** The store a message names by its tenant header; null (the message failed with 403) when refused. */
  private static SpanStore storeOf(Function<String, SpanStore> stores, Message<?> msg) {
    try {
      return stores.apply(msg.headers().get(StoreMessages.TENANT));
    } catch (RuntimeException e) {
      msg.fail(403, String.valueOf(e.getMessage()));
      return null;
    }
  }

  private static void write(SpanStore store, Message<SpanBatch> msg) {
    List<Span> spans;
    try {
      spans = msg.body().decode();
    } catch (RuntimeException e) {
      msg.fail(400, "cannot decode spans: " + e.getMessage());
      return;
    }
    boolean linksOnly = msg.headers().contains(StoreMessages.LINKS_ONLY);
    (linksOnly ? store.writeLinksOnly(spans) : store.write(spans)).onSuccess(v -> msg.reply(spans.size()))
        .onFailure(err -> msg.fail(503, err.getMessage()));
  }

  private static void read(Vertx vertx, SpanStore store, Function<String, TraceFilter> filters,
      Message<JsonObject> msg) {
    JsonObject req = msg.body();
    Future<?> answer;
    try {
      answer = switch (req.getString(StoreMessages.OP, "")) {
        case StoreMessages.SERVICES -> store.getServices().map(JsonArray::new);
        case StoreMessages.OPERATIONS -> store.getOperations(req.getString("service"), req.getString("spanKind"))
            .map(StoreService::operations);
        case StoreMessages.FIND -> store.findTraces(StoreMessages.query(req.getJsonObject("query")))
            .map(StoreService::found);
        case StoreMessages.TRACES -> traces(store, req.getJsonArray("ids"));
        case StoreMessages.SCAN -> scan(vertx, store, filters, req);
        case StoreMessages.DEPENDENCIES -> store.getDependencies(req.getLong("end"), req.getLong("lookback"))
            .map(StoreService::links);
        case StoreMessages.STARTED_IN -> store.traceIdsStartedIn(req.getLong("from"), req.getLong("to"))
            .map(ids -> new JsonArray(ids.stream().map(id -> (Object) id.toHex()).toList()));
        default -> Future.failedFuture("unknown store operation " + req.getString(StoreMessages.OP));
      };
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onSuccess(msg::reply).onFailure(err -> msg.fail(500, String.valueOf(err.getMessage())));
  }

  /**
   * A filter scan of this member's store, on a worker (a memory store tests traces on the calling
   * thread): the matching trace ids with their start, and how the scan went.
   */
  private static Future<JsonObject> scan(Vertx vertx, SpanStore store, Function<String, TraceFilter> filters,
      JsonObject req) {
    if (filters == null) {
      return Future.failedFuture("this member runs no trace filters");
    }
    TraceScan scan = new TraceScan(StoreMessages.query(req.getJsonObject("query")),
        filters.apply(req.getString("filter")), req.getInteger("budget", 0));
    return vertx.<Future<ScanResult>>executeBlocking(() -> store.scanTraces(scan), false)
        .compose(f -> f)
        .map(r -> new JsonObject().put("found", found(r.traces())).put("examined", r.examined())
            .put("partial", r.partial()));
  }

  private static JsonArray operations(List<Operation> ops) {
    JsonArray out = new JsonArray();
    ops.forEach(o -> out.add(StoreMessages.pair(o.name(), o.spanKind())));
    return out;
  }

  /** Trace ids with the trace's start as this member knows it: the querying node fetches the chosen ones whole. */
  private static JsonArray found(List<List<Span>> traces) {
    JsonArray out = new JsonArray();
    for (List<Span> t : traces) {
      out.add(StoreMessages.pair(t.get(0).traceId().toHex(), SpanMatcher.traceStart(t)));
    }
    return out;
  }

  private static Future<SpanBatch> traces(SpanStore store, JsonArray ids) {
    List<Future<List<Span>>> all = new ArrayList<>();
    for (Object id : ids) {
      all.add(store.getTrace(TraceId.fromHex((String) id)));
    }
    return Future.all(all).map(cf -> {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        spans.addAll(cf.<List<Span>>resultAt(i));
      }
      return StoreMessages.spans(spans);
    });
  }

  private static JsonArray links(List<DependencyLink> links) {
    JsonArray out = new JsonArray();
    links.forEach(l -> out.add(new JsonArray().add(l.parent()).add(l.child()).add(l.callCount())));
    return out;
  }
}
