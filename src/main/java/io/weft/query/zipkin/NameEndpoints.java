package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.ZipkinDecoder;
import io.weft.codec.ZipkinEncoder;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.storage.SpanReader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /api/v2/services}, {@code /spans}, {@code /remoteServices}, {@code /autocompleteKeys} and
 * {@code /autocompleteValues}: sorted, lowercase names, cached by browsers on Zipkin's terms.
 */
final class NameEndpoints {
  private final SpanReader reader;
  private final ZipkinSettings settings;
  /** Zipkin's threshold for caching span and remote names: the service count last answered. */
  private final AtomicInteger serviceCount = new AtomicInteger();

  NameEndpoints(SpanReader reader, ZipkinSettings settings) {
    this.reader = reader;
    this.settings = settings;
  }

  Future<Reply> services(RoutingContext ctx) {
    return reader.getServices().map(all -> {
      TreeSet<String> names = new TreeSet<>();
      for (String s : all) {
        if (!s.isEmpty() && !s.equals(ZipkinDecoder.UNKNOWN_SERVICE)) {
          names.add(Names.lower(s));
        }
      }
      serviceCount.set(names.size());
      return Reply.names(names, names.size() > 3);
    });
  }

  /** Span names of a service. Zipkin has no span-kind filter here and ignores {@code spanKind}, as does this. */
  Future<Reply> spanNames(RoutingContext ctx) {
    String service = Params.required(ctx, "serviceName");
    if (service.isEmpty()) {
      return Future.succeededFuture(names(new TreeSet<>()));
    }
    return Names.services(reader, service).compose(services -> {
      List<Future<List<Operation>>> ops = new ArrayList<>(services.size());
      for (String s : services) {
        ops.add(reader.getOperations(s, null));
      }
      return Future.all(ops).map(all -> {
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < services.size(); i++) {
          List<Operation> list = all.resultAt(i);
          for (Operation o : list) {
            if (!o.name().isEmpty()) {
              names.add(Names.lower(o.name()));
            }
          }
        }
        return names(names);
      });
    });
  }

  /** The services a service calls, from the remote endpoints of its spans in its recent traces. */
  Future<Reply> remoteServiceNames(RoutingContext ctx) {
    String service = Params.required(ctx, "serviceName");
    if (service.isEmpty()) {
      return Future.succeededFuture(names(new TreeSet<>()));
    }
    String lowercase = Names.lower(service);
    return Names.services(reader, service)
        .compose(services -> RecentTraces.of(reader, services, RecentTraces.LIMIT))
        .map(traces -> {
          TreeSet<String> names = new TreeSet<>();
          for (List<Span> t : traces) {
            List<Span> own = t.stream().filter(s -> s.serviceName() != null
                && Names.lower(s.serviceName()).equals(lowercase)).toList(); // only these need Zipkin's form
            for (zipkin2.Span s : ZipkinEncoder.toZipkin(own)) {
              if (s.remoteServiceName() != null) {
                names.add(s.remoteServiceName());
              }
            }
          }
          return names(names);
        });
  }

  Future<Reply> autocompleteKeys(RoutingContext ctx) {
    return Future.succeededFuture(Reply.names(new TreeSet<>(settings.autocompleteKeys()), true));
  }

  /** Values of a configured tag key in recent traces; Zipkin answers nothing for a key it was not told to keep. */
  Future<Reply> autocompleteValues(RoutingContext ctx) {
    String key = Params.required(ctx, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key was empty");
    }
    if (!settings.autocompleteKeys().contains(key)) {
      return Future.succeededFuture(Reply.names(List.of(), false));
    }
    return RecentTraces.all(reader).map(traces -> {
      TreeSet<String> values = new TreeSet<>();
      for (List<Span> t : traces) {
        for (zipkin2.Span s : ZipkinEncoder.toZipkin(t)) {
          String v = s.tags().get(key);
          if (v != null) {
            values.add(v);
          }
        }
      }
      return Reply.names(values, values.size() > 3);
    });
  }

  private Reply names(TreeSet<String> names) {
    return Reply.names(names, serviceCount.get() > 3);
  }
}
