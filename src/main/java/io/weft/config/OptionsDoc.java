package io.weft.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options reference, {@code docs/options.md}, generated from {@link Options#ALL} so it can never
 * drift from the code: {@code OptionsDocTest} fails when the file differs from {@link #markdown()}.
 * Options are grouped by subject, a subject being the names' first segments (an option whose prefix no
 * subject claims still appears, under a heading of its own prefix).
 */
public final class OptionsDoc {
  private OptionsDoc() {}

  /** How to rewrite the file after changing an option; the test's failure message says it too. */
  public static final String REGENERATE = "mvn -B -q test -Dtest=OptionsDocTest -Dweft.docs.write=true";

  /** A section of the reference: the option name prefixes it holds, and the page about the subject. */
  record Subject(String title, String page, List<String> prefixes) {
    boolean holds(Option o) {
      for (String p : prefixes) {
        if (o.name().equals(p) || o.name().startsWith(p + ".")) {
          return true;
        }
      }
      return false;
    }
  }

  static final List<Subject> SUBJECTS = List.of(
      new Subject("General", "", List.of("roles", "config", "host", "log-level")),
      new Subject("Collector", "collector.md", List.of("collector")),
      new Subject("Storage", "architecture.md", List.of("span-storage", "memory")),
      new Subject("Cassandra", "cassandra.md", List.of("cassandra")),
      new Subject("OpenSearch and Elasticsearch", "opensearch.md", List.of("opensearch")),
      new Subject("Kafka", "kafka.md", List.of("kafka")),
      new Subject("Ingester and replay", "kafka.md", List.of("ingester")),
      new Subject("Query and web UI", "query-api.md", List.of("query")),
      new Subject("Agent", "agent.md", List.of("agent")),
      new Subject("Sampling strategies", "sampling.md", List.of("sampling")),
      new Subject("Span metrics", "span-metrics.md", List.of("span-metrics")),
      new Subject("Admin (health and metrics)", "operations.md", List.of("admin")),
      new Subject("Cluster", "cluster.md", List.of("cluster")),
      new Subject("Event-bus bridge", "event-bus.md", List.of("bridge")),
      new Subject("TLS and limits on hostile clients", "security.md", List.of("tls", "net")),
      new Subject("Authentication", "security.md", List.of("auth")));

  /** The whole of docs/options.md. */
  public static String markdown() {
    return markdown(Options.ALL);
  }

  static String markdown(List<Option> options) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Options\n\n")
        .append("<!-- Generated from io.weft.config.Options by io.weft.config.OptionsDoc: do not edit by hand.\n")
        .append("     After changing an option, regenerate with: ").append(REGENERATE).append(" -->\n\n")
        .append("Every option can be given three ways, the stronger first:\n\n")
        .append("1. a flag: `--name=value` or `--name value` (`--name` alone means `true`);\n")
        .append("2. an environment variable: `WEFT_` and the name in upper case with `.` and `-` as `_`\n")
        .append("   (`--collector.otlp.grpc.port` is `WEFT_COLLECTOR_OTLP_GRPC_PORT`);\n")
        .append("3. a key in the `--config` file, YAML or JSON, flat (`collector.otlp.grpc.port: 4317`) or nested\n")
        .append("   (`collector: {otlp: {grpc: {port: 4317}}}`); a list becomes a comma list.\n\n")
        .append("An unknown name is an error, wherever it comes from, so a typo never silently does nothing.\n")
        .append("Durations read like `150ms`, `1.5s`, `1h30m`, `2d` (a bare number is microseconds).\n")
        .append("`java -jar target/weft.jar --help` prints the same list. The subcommands (`tracegen`, `roles`,\n")
        .append("`schema`, `ingester replay`; `weft help` lists them) take their own flags: see their `--help`.\n");
    for (Map.Entry<String, List<Option>> section : group(options).entrySet()) {
      String title = section.getKey();
      sb.append("\n## ").append(title).append("\n\n");
      String page = pageOf(title);
      if (!page.isEmpty()) {
        sb.append("More in [").append(page).append("](").append(page).append(").\n\n");
      }
      sb.append("| option | default | environment | what it does |\n")
          .append("|--------|---------|-------------|--------------|\n");
      for (Option o : section.getValue()) {
        sb.append("| `--").append(o.name()).append("` | ")
            .append(o.defaultValue().isEmpty() ? "(empty)" : code(o.defaultValue())).append(" | `")
            .append(o.envName()).append("` | ").append(cell(o.description())).append(" |\n");
      }
    }
    return sb.toString();
  }

  /** Subject title → its options, subjects in {@link #SUBJECTS} order, options in {@link Options#ALL} order. */
  static Map<String, List<Option>> group(List<Option> options) {
    Map<String, List<Option>> out = new LinkedHashMap<>();
    for (Subject s : SUBJECTS) {
      for (Option o : options) {
        if (s.holds(o)) {
          out.computeIfAbsent(s.title(), k -> new ArrayList<>()).add(o);
        }
      }
    }
    for (Option o : options) {
      if (SUBJECTS.stream().noneMatch(s -> s.holds(o))) {
        String prefix = o.name().contains(".") ? o.name().substring(0, o.name().indexOf('.')) : o.name();
        out.computeIfAbsent(prefix, k -> new ArrayList<>()).add(o);
      }
    }
    return out;
  }

  private static String pageOf(String title) {
    return SUBJECTS.stream().filter(s -> s.title().equals(title)).map(Subject::page).findFirst().orElse("");
  }

  /** A value in a code span; a value holding a backtick gets a double-backtick span. */
  private static String code(String value) {
    String v = value.replace("|", "\\|");
    return v.contains("`") ? "`` " + v + " ``" : "`" + v + "`";
  }

  /** Text safe inside a table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
