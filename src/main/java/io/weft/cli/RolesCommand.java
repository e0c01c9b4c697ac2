package io.weft.cli;

import io.weft.cluster.ClusterSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.config.ConfigException;
import io.weft.net.PemClientTls;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code weft roles [--admin=[https://]host:port] [--tls-ca=F] [--tls-cert=F --tls-key=F] [--token=T] [--json]
 * [role=count ...]}: with counts, sets them (one call for the whole cluster, through any member's admin port);
 * then, or without counts, prints the members and their roles. Speaks TLS to an admin port that serves it
 * (https:// or any --tls-* flag): the CA to trust, and for mutual TLS a client certificate, from PEM files.
 * Exit status 0 on success, 1 when the node refuses, 2 on bad arguments.
 */
public final class RolesCommand {
  private RolesCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String admin = "127.0.0.1:14269";
    String token = System.getenv().getOrDefault("WEFT_TOKEN", "");
    boolean json = false;
    String ca = "";
    String cert = "";
    String key = "";
    List<String> counts = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--admin=")) {
        admin = a.substring("--admin=".length());
      } else if (a.startsWith("--token=")) {
        token = a.substring("--token=".length());
      } else if (a.startsWith("--tls-ca=")) {
        ca = a.substring("--tls-ca=".length());
      } else if (a.startsWith("--tls-cert=")) {
        cert = a.substring("--tls-cert=".length());
      } else if (a.startsWith("--tls-key=")) {
        key = a.substring("--tls-key=".length());
      } else if (a.equals("--json")) {
        json = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        out.println("Usage: weft roles [--admin=[https://]host:port] [--tls-ca=F] [--tls-cert=F --tls-key=F] [--token=T]"
            + " [--json] [role=count ...]\n"
            + "  without counts: print members, their roles (pinned, assigned, running) and the desired counts\n"
            + "  with counts:    set them for the whole cluster, e.g. weft roles collector=3 query=1\n"
            + "  --token: bearer token where authentication is on (read to print, admin to set; or WEFT_TOKEN)\n"
            + "  --tls-ca: PEM CAs to trust for an admin port with TLS (default: the JVM's); --tls-cert/--tls-key:"
            + " a client certificate where the port asks for one");
        return 0;
      } else if (a.contains("=") && !a.startsWith("--")) {
        counts.add(a);
      } else {
        err.println("weft roles: unexpected argument '" + a + "' (see weft roles --help)");
        return 2;
      }
    }
    JsonObject body = new JsonObject();
    try {
      Map<String, Integer> parsed = ClusterSettings.counts("roles", String.join(",", counts));
      parsed.forEach(body::put);
    } catch (ConfigException e) {
      err.println("weft roles: " + e.getMessage());
      return 2;
    }
    if (cert.isEmpty() != key.isEmpty()) {
      err.println("weft roles: --tls-cert and --tls-key go together");
      return 2;
    }
    boolean tls = admin.startsWith("https://") || !ca.isEmpty() || !cert.isEmpty();
    admin = admin.replaceFirst("^https?://", "");
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls) {
      try {
        client.sslContext(PemClientTls.context(ca, cert, key));
      } catch (Exception e) {
        err.println("weft roles: " + e.getMessage());
        return 2;
      }
    }
    HttpClient http = client.build();
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create((tls ? "https://" : "http://") + admin + "/api/admin/roles"))
        .timeout(Duration.ofSeconds(15));
    if (!token.isEmpty()) {
      req.header("authorization", "Bearer " + token);
    }
    req = counts.isEmpty() ? req.GET()
        : req.header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.encode()));
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      err.println("weft roles: cannot reach the admin port at " + admin + ": " + e);
      return 1;
    }
    if (resp.statusCode() == 404) {
      err.println("weft roles: the node at " + admin + " is not clustered (start nodes with --cluster)");
      return 1;
    }
    if (resp.statusCode() != 200) {
      err.println("weft roles: " + resp.statusCode() + " " + resp.body());
      return 1;
    }
    JsonObject state = new JsonObject(resp.body());
    out.print(json ? state.encodePrettily() + "\n" : render(state));
    return 0;
  }

  static String render(JsonObject s) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-10s %7s %7s %7s %7s %7s%n", "ROLE", "DESIRED", "PINNED", "PLANNED", "RUNNING", "UNMET"));
    s.getJsonObject("roles", new JsonObject()).forEach(e -> {
      JsonObject r = (JsonObject) e.getValue();
      Object desired = r.getValue("desired");
      sb.append(String.format("%-10s %7s %7d %7d %7d %7d%n", e.getKey(), desired == null ? "-" : desired,
          r.getInteger("pinned"), r.getInteger("planned"), r.getInteger("running"), r.getInteger("unmet")));
    });
    sb.append(String.format("%n%-10s %-21s %-21s %-18s %-18s %-18s %s%n", "MEMBER", "CLUSTER ADDRESS", "ADMIN",
        "PINNED", "ASSIGNED", "RUNNING", "STATUS"));
    for (Object o : s.getJsonArray("members", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      String status = m.getString("status") + (m.getBoolean("leaving", false) ? " (leaving)" : "")
          + (m.getBoolean("self", false) ? " *" : "");
      sb.append(String.format("%-10s %-21s %-21s %-18s %-18s %-18s %s%n", m.getString("id").substring(0, 8),
          m.getString("address"), m.getString("admin"), list(m, "pinned") + (m.getBoolean("eligible") ? " +any" : ""),
          list(m, "assigned"), list(m, "running"), status));
    }
    return sb.toString();
  }

  private static String list(JsonObject m, String key) {
    JsonArray a = m.getJsonArray(key, new JsonArray());
    return a.isEmpty() ? "-" : String.join(",", a.stream().map(String::valueOf).toList());
  }
}
