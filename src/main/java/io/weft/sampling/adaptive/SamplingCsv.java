package io.weft.sampling.adaptive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text rows Jaeger's sampling stores keep (CSV, RFC 4180 quoting): throughput as
 * {@code service,operation,count,"p1,p2"} and probabilities as {@code service,operation,probability,qps}.
 * A row that does not parse is skipped, as Jaeger does.
 */
public final class SamplingCsv {
  private SamplingCsv() {}

  public static String throughput(List<Throughput> list) {
    StringBuilder sb = new StringBuilder();
    for (Throughput t : list) {
      row(sb, t.service(), t.operation(), Long.toString(t.count()), String.join(",", t.probabilities()));
    }
    return sb.toString();
  }

  public static List<Throughput> parseThroughput(String text) {
    List<Throughput> out = new ArrayList<>();
    for (List<String> f : rows(text)) {
      if (f.size() != 4) {
        continue;
      }
      try {
        Set<String> probs = new HashSet<>();
        for (String p : f.get(3).split(",")) {
          if (!p.isEmpty()) {
            probs.add(p);
          }
        }
        out.add(new Throughput(f.get(0), f.get(1), Long.parseLong(f.get(2)), probs));
      } catch (NumberFormatException skipped) {
        // as Jaeger: a row that does not parse is left out
      }
    }
    return out;
  }

  public static String probabilities(Probabilities p) {
    StringBuilder sb = new StringBuilder();
    p.services().forEach((svc, ops) -> ops.forEach((op, e) ->
        row(sb, svc, op, Double.toString(e.probability()), Double.toString(e.qps()))));
    return sb.toString();
  }

  public static Probabilities parseProbabilities(String text) {
    Map<String, Map<String, Probabilities.Entry>> out = new HashMap<>();
    for (List<String> f : rows(text)) {
      if (f.size() != 4) {
        continue;
      }
      try {
        out.computeIfAbsent(f.get(0), x -> new HashMap<>()).put(f.get(1),
            new Probabilities.Entry(Double.parseDouble(f.get(2)), Double.parseDouble(f.get(3))));
      } catch (NumberFormatException skipped) {
        // left out
      }
    }
    return new Probabilities(out);
  }

  private static void row(StringBuilder sb, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields[i];
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    sb.append('\n');
  }

  static List<List<String>> rows(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\n') {
        row.add(field.toString());
        out.add(row);
        row = new ArrayList<>();
        field.setLength(0);
        any = false;
      } else if (c != '\r') {
        field.append(c);
        any = true;
      }
    }
    if (any) {
      row.add(field.toString());
      out.add(row);
    }
    return out;
  }
}
