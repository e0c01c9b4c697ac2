package io.weft.spanmetrics;

import java.util.Collection;
import java.util.List;

/**
 * The Prometheus text exposition of a node's span metrics, under the names existing dashboards
 * query: the OTel spanmetrics connector's (namespace {@code traces.span.metrics}, durations in ms,
 * as Jaeger's Monitor setup reads them) and Tempo's service-graph metrics. Counters are cumulative
 * since the node started, like the connector's; Prometheus sums nodes. Under tenancy every tenant's
 * series are written under the same families with a {@code tenant} label first (a family's HELP and TYPE
 * appear once, as the text format requires).
 */
final class PromText {
  static final String CALLS = "traces_span_metrics_calls_total";
  static final String DURATION = "traces_span_metrics_duration_milliseconds";
  static final String GRAPH_TOTAL = "traces_service_graph_request_total";
  static final String GRAPH_FAILED = "traces_service_graph_request_failed_total";
  static final String GRAPH_SERVER = "traces_service_graph_request_server_seconds";
  static final String GRAPH_CLIENT = "traces_service_graph_request_client_seconds";

  private PromText() {}

  /** One aggregator's series; {@code labels} go before each sample's own ("" or {@code tenant="a",}). */
  record Part(String labels, Collection<Series> series, Collection<EdgeSeries> edges) {
    static Part tenant(String tenant, Collection<Series> series, Collection<EdgeSeries> edges) {
      return new Part("tenant=\"" + esc(tenant) + "\",", series, edges);
    }
  }

  static void write(StringBuilder out, Collection<Series> series, Collection<EdgeSeries> edges) {
    write(out, List.of(new Part("", series, edges)));
  }

  static void write(StringBuilder out, List<Part> parts) {
    StringBuilder calls = new StringBuilder();
    StringBuilder duration = new StringBuilder();
    for (Part p : parts) {
      series(calls, duration, p.labels(), p.series());
    }
    family(out, CALLS, "counter", "Spans counted per service, span name, span kind and status code (weighted by "
        + "head-sampling), since this node started", calls);
    family(out, DURATION, "histogram", "Span durations in milliseconds per service, span name, span kind and status code",
        duration);
    StringBuilder total = new StringBuilder();
    StringBuilder failed = new StringBuilder();
    StringBuilder server = new StringBuilder();
    StringBuilder client = new StringBuilder();
    for (Part p : parts) {
      edges(total, failed, server, client, p.labels(), p.edges());
    }
    family(out, GRAPH_TOTAL, "counter", "Requests between two services (service graph), since this node started", total);
    family(out, GRAPH_FAILED, "counter", "Failed requests between two services", failed);
    family(out, GRAPH_SERVER, "histogram", "Request duration between two services as the server saw it, seconds", server);
    family(out, GRAPH_CLIENT, "histogram", "Request duration between two services as the client saw it, seconds", client);
  }

  private static void series(StringBuilder calls, StringBuilder duration, String prefix, Collection<Series> series) {
    for (Series s : series) {
      String labels;
      double n;
      CumulativeHistogram h;
      synchronized (s) {
        if (s.removed) {
          continue;
        }
        labels = prefix + "service_name=\"" + esc(s.key.service()) + "\",span_name=\"" + esc(s.key.operation())
            + "\",span_kind=\"" + s.key.kindLabel() + "\",status_code=\"" + s.key.statusLabel() + "\"";
        n = s.calls;
        h = copy(s.duration);
      }
      sample(calls, CALLS, labels, n);
      histogram(duration, DURATION, labels, h);
    }
  }

  private static void edges(StringBuilder total, StringBuilder failed, StringBuilder server, StringBuilder client,
      String prefix, Collection<EdgeSeries> edges) {
    for (EdgeSeries e : edges) {
      String labels;
      double n;
      double f;
      CumulativeHistogram hs;
      CumulativeHistogram hc;
      synchronized (e) {
        if (e.removed) {
          continue;
        }
        labels = prefix + "client=\"" + esc(e.key.client()) + "\",server=\"" + esc(e.key.server()) + "\",connection_type=\""
            + esc(e.key.connectionType()) + "\"";
        n = e.calls;
        f = e.failed;
        hs = copy(e.server);
        hc = copy(e.client);
      }
      sample(total, GRAPH_TOTAL, labels, n);
      sample(failed, GRAPH_FAILED, labels, f);
      histogram(server, GRAPH_SERVER, labels, hs);
      histogram(client, GRAPH_CLIENT, labels, hc);
    }
  }

  private static CumulativeHistogram copy(CumulativeHistogram h) {
    CumulativeHistogram c = new CumulativeHistogram(h.bounds);
    System.arraycopy(h.counts, 0, c.counts, 0, h.counts.length);
    c.sum = h.sum;
    c.count = h.count;
    return c;
  }

  private static void family(StringBuilder out, String name, String type, String help, StringBuilder samples) {
    if (samples.length() == 0) {
      return;
    }
    // Text format 0.0.4 as Prometheus' Go client writes it: a counter's family carries its _total.
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(samples);
  }

  private static void sample(StringBuilder out, String name, String labels, double v) {
    out.append(name).append('{').append(labels).append("} ").append(number(v)).append('\n');
  }

  private static void histogram(StringBuilder out, String name, String labels, CumulativeHistogram h) {
    double cumulative = 0;
    for (int i = 0; i < h.bounds.length; i++) {
      cumulative += h.counts[i];
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(number(h.bounds[i])).append("\"} ")
          .append(number(cumulative)).append('\n');
    }
    cumulative += h.counts[h.bounds.length];
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(number(cumulative)).append('\n');
    out.append(name).append("_sum{").append(labels).append("} ").append(number(h.sum)).append('\n');
    out.append(name).append("_count{").append(labels).append("} ").append(number(h.count)).append('\n');
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Label values escape backslash, double quote and line feed. */
  static String esc(String v) {
    if (v.indexOf('\\') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
      return v;
    }
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
