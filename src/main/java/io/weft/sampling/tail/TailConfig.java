package io.weft.sampling.tail;

import io.weft.config.FileNode;
import io.weft.model.StatusCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A tail-sampling policy file (YAML or JSON), in the OpenTelemetry Collector tailsamplingprocessor's
 * terms. Anything it does not know, or a value out of range, refuses the file with the line and the
 * reason ({@link FileNode.Problem}).
 *
 * <pre>
 * decision_wait: 10s            # after a trace's first span
 * num_traces: 50000             # traces held at most; past it the oldest are decided early
 * max_buffered_bytes: 134217728 # heap held at most (estimated); past it, too
 * decision_cache: {sampled_cache_size: 100000, non_sampled_cache_size: 100000}
 * policies:
 *   - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
 *   - {name: slow, type: latency, latency: {threshold_ms: 2000}}
 *   - {name: rest, type: probabilistic, probabilistic: {sampling_percentage: 5}}
 * </pre>
 */
public record TailConfig(long decisionWaitMs, int numTraces, long maxBytes, int sampledCacheSize,
    int notSampledCacheSize, List<Policy> policies) {

  static final List<String> TYPES = List.of("always_sample", "status_code", "latency", "string_attribute",
      "numeric_attribute", "boolean_attribute", "span_count", "probabilistic", "rate_limiting", "and", "drop",
      "composite");

  public static TailConfig parse(byte[] text) {
    FileNode root = FileNode.parse(text);
    root.onlyFields("decision_wait", "num_traces", "max_buffered_bytes", "expected_new_traces_per_sec",
        "decision_cache", "policies");
    long wait = root.get("decision_wait").micros(10_000_000) / 1000;
    if (wait <= 0) {
      throw root.get("decision_wait").error("must be above 0");
    }
    int traces = (int) bounded(root.get("num_traces"), 50_000, 1, Integer.MAX_VALUE);
    long bytes = bounded(root.get("max_buffered_bytes"), 128L << 20, 1, Long.MAX_VALUE);
    FileNode cache = root.get("decision_cache");
    if (!cache.isMissing()) {
      cache.onlyFields("sampled_cache_size", "non_sampled_cache_size");
    }
    int sampled = (int) bounded(cache.get("sampled_cache_size"), 100_000, 0, Integer.MAX_VALUE);
    int notSampled = (int) bounded(cache.get("non_sampled_cache_size"), 100_000, 0, Integer.MAX_VALUE);
    List<FileNode> list = root.get("policies").elements();
    if (list.isEmpty()) {
      throw root.get("policies").error("at least one policy is required");
    }
    List<Policy> policies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (FileNode n : list) {
      Policy p = policy(n, true);
      if (!names.add(p.name())) {
        throw n.get("name").error("a second policy named '" + p.name() + "'");
      }
      policies.add(p);
    }
    return new TailConfig(wait, traces, bytes, sampled, notSampled, List.copyOf(policies));
  }

  private static long bounded(FileNode n, long fallback, long min, long max) {
    long v = n.whole(fallback);
    if (v < min || v > max) {
      throw n.error("must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  /** A policy; {@code topLevel} allows the combining types (sub-policies cannot nest them). */
  static Policy policy(FileNode n, boolean topLevel) {
    if (!n.isObject()) {
      throw n.error("a policy must be an object with name and type");
    }
    String name = n.get("name").requiredText();
    String type = n.get("type").requiredText();
    if (!TYPES.contains(type)) {
      throw n.get("type").error("unknown policy type '" + type + "' (use one of " + String.join(", ", TYPES) + ")");
    }
    if (!topLevel && (type.equals("and") || type.equals("drop") || type.equals("composite"))) {
      throw n.get("type").error("'" + type + "' cannot be a sub-policy");
    }
    n.onlyFields("name", "type", type);
    FileNode c = n.get(type);
    return switch (type) {
      case "always_sample" -> new MatchPolicies.Always(name);
      case "status_code" -> {
        c.onlyFields("status_codes");
        Set<StatusCode> codes = new HashSet<>();
        for (FileNode code : c.get("status_codes").elements()) {
          try {
            codes.add(StatusCode.valueOf(code.requiredText().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw code.error("unknown status code (use ERROR, OK or UNSET)");
          }
        }
        if (codes.isEmpty()) {
          throw c.get("status_codes").error("at least one status code is required");
        }
        yield new MatchPolicies.Status(name, Set.copyOf(codes));
      }
      case "latency" -> {
        c.onlyFields("threshold_ms", "upper_threshold_ms", "scope");
        long lo = (long) (c.get("threshold_ms").requiredNumber() * 1000);
        long hi = (long) (c.get("upper_threshold_ms").number(0) * 1000);
        String scope = c.get("scope").text("trace");
        if (!scope.equals("trace") && !scope.equals("span")) {
          throw c.get("scope").error("must be trace or span");
        }
        if (lo < 0 || hi != 0 && hi <= lo) {
          throw c.error("threshold_ms must be 0 or more and upper_threshold_ms (if set) above it");
        }
        yield new MatchPolicies.Latency(name, lo, hi, scope.equals("span"));
      }
      case "string_attribute" -> {
        c.onlyFields("key", "values", "enabled_regex_matching", "cache_max_size", "invert_match");
        List<String> values = new ArrayList<>();
        c.get("values").elements().forEach(v -> values.add(v.text("")));
        if (values.isEmpty()) {
          throw c.get("values").error("at least one value is required");
        }
        boolean regex = c.get("enabled_regex_matching").bool(false);
        if (regex) {
          for (FileNode v : c.get("values").elements()) {
            try {
              java.util.regex.Pattern.compile(v.text(""));
            } catch (java.util.regex.PatternSyntaxException e) {
              throw v.error("not a regular expression: " + e.getDescription());
            }
          }
        }
        yield new MatchPolicies.Attribute(name, c.get("key").requiredText(),
            MatchPolicies.Attribute.strings(values, regex), c.get("invert_match").bool(false));
      }
      case "numeric_attribute" -> {
        c.onlyFields("key", "min_value", "max_value", "invert_match");
        double min = c.get("min_value").number(Double.NEGATIVE_INFINITY);
        double max = c.get("max_value").number(Double.POSITIVE_INFINITY);
        if (min > max) {
          throw c.error("min_value must not be above max_value");
        }
        yield new MatchPolicies.Attribute(name, c.get("key").requiredText(), MatchPolicies.Attribute.numeric(min, max),
            c.get("invert_match").bool(false));
      }
      case "boolean_attribute" -> {
        c.onlyFields("key", "value", "invert_match");
        if (c.get("value").isMissing()) {
          throw c.get("value").error("true or false is required");
        }
        yield new MatchPolicies.Attribute(name, c.get("key").requiredText(),
            MatchPolicies.Attribute.bool(c.get("value").bool(true)), c.get("invert_match").bool(false));
      }
      case "span_count" -> {
        c.onlyFields("min_spans", "max_spans");
        long min = c.get("min_spans").whole(1);
        long max = c.get("max_spans").whole(0);
        if (min < 0 || max < 0 || max != 0 && max < min) {
          throw c.error("min_spans must be 0 or more and max_spans 0 (no limit) or at least min_spans");
        }
        yield new MatchPolicies.SpanCount(name, (int) min, (int) max);
      }
      case "probabilistic" -> {
        c.onlyFields("sampling_percentage", "hash_salt");
        double pct = c.get("sampling_percentage").requiredNumber();
        if (!(pct >= 0 && pct <= 100)) {
          throw c.get("sampling_percentage").error("must be between 0 and 100, got " + pct);
        }
        yield new MatchPolicies.Probabilistic(name, pct, c.get("hash_salt").text("").hashCode());
      }
      case "rate_limiting" -> {
        c.onlyFields("traces_per_second");
        double tps = c.get("traces_per_second").requiredNumber();
        if (!(tps > 0)) {
          throw c.get("traces_per_second").error("must be above 0");
        }
        yield new ComposedPolicies.RateLimiting(name, tps);
      }
      case "and" -> {
        c.onlyFields("and_sub_policy");
        yield new ComposedPolicies.And(name, subs(c.get("and_sub_policy")));
      }
      case "drop" -> {
        c.onlyFields("drop_sub_policy");
        yield new ComposedPolicies.Drop(name, subs(c.get("drop_sub_policy")));
      }
      default -> composite(name, c);
    };
  }

  private static List<Policy> subs(FileNode list) {
    List<Policy> out = new ArrayList<>();
    for (FileNode n : list.elements()) {
      out.add(policy(n, false));
    }
    if (out.isEmpty()) {
      throw list.error("at least one sub-policy is required");
    }
    return List.copyOf(out);
  }

  private static Policy composite(String name, FileNode c) {
    c.onlyFields("max_total_spans_per_second", "policy_order", "composite_sub_policy", "rate_allocation");
    long max = c.get("max_total_spans_per_second").whole(0);
    if (max <= 0) {
      throw c.get("max_total_spans_per_second").error("a number above 0 is required");
    }
    Map<String, Policy> byName = new LinkedHashMap<>();
    for (Policy p : subs(c.get("composite_sub_policy"))) {
      byName.put(p.name(), p);
    }
    List<Policy> ordered = new ArrayList<>();
    List<FileNode> order = c.get("policy_order").elements();
    for (FileNode o : order) {
      Policy p = byName.get(o.requiredText());
      if (p == null) {
        throw o.error("no sub-policy named '" + o.requiredText() + "'");
      }
      ordered.add(p);
    }
    if (order.isEmpty()) {
      ordered.addAll(byName.values());
    }
    Map<String, Double> pct = new LinkedHashMap<>();
    double total = 0;
    for (FileNode a : c.get("rate_allocation").elements()) {
      a.onlyFields("policy", "percent");
      String p = a.get("policy").requiredText();
      if (!byName.containsKey(p)) {
        throw a.get("policy").error("no sub-policy named '" + p + "'");
      }
      double v = a.get("percent").requiredNumber();
      if (!(v >= 0 && v <= 100)) {
        throw a.get("percent").error("must be between 0 and 100");
      }
      total += v;
      pct.put(p, v);
    }
    if (total > 100) {
      throw c.get("rate_allocation").error("the percentages add up to " + total + ", more than 100");
    }
    return new ComposedPolicies.Composite(name, List.copyOf(ordered), max, pct);
  }
}
