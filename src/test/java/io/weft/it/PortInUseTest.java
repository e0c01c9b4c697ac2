package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A second node started on the ports of a running one (the usual mistake: two nodes on one machine)
 * says so in one line, naming the port and the option that moves it, and exits with status 1; no stack
 * traces. The second node is {@code weft} itself, in a JVM of its own, as a user would run it.
 */
class PortInUseTest {
  private static final Pattern LINE = Pattern.compile(
      "weft: cannot start: port (\\d+) on 127\\.0\\.0\\.1 \\((.+)\\) is already in use, perhaps by another Weft node; "
          + "choose another with --([a-z.-]+)=PORT");

  @Test
  void aSecondNodeOnTheSamePortsSaysWhichPortInOneLine() throws Exception {
    try (TestNode first = TestNode.start()) {
      Map<String, String> same = new LinkedHashMap<>();
      same.put("host", "127.0.0.1");
      same.put("collector.otlp.grpc.port", "" + first.otlpGrpc);
      same.put("collector.otlp.http.port", "" + first.otlpHttp);
      same.put("collector.jaeger.http.port", "" + first.jaegerHttp);
      same.put("collector.zipkin.http.port", "" + first.zipkin);
      same.put("query.http.port", "" + first.query);
      same.put("admin.http.port", "" + first.admin);
      same.put("agent.jaeger.compact.port", "" + first.agentCompact);
      same.put("agent.jaeger.binary.port", "" + first.agentBinary);
      same.put("sampling.http.port", "" + first.samplingHttp);
      same.put("sampling.grpc.port", "" + first.samplingGrpc);
      List<String> args = new ArrayList<>();
      same.forEach((k, v) -> args.add("--" + k + "=" + v));
      Path log = Files.createTempFile("weft-second-", ".log");
      ChildProcess second = ChildProcess.start("second node", ChildProcess.java(List.of("-Xmx256m",
          "-XX:TieredStopAtLevel=1"), "io.weft.cli.Main", args), log);
      int exit = second.awaitExit(60);
      String out = second.log();
      Files.delete(log);

      assertEquals(1, exit, out);
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), "one line, got:\n" + out);
      Matcher m = LINE.matcher(lines.get(0));
      assertTrue(m.matches(), lines.get(0));
      assertEquals(m.group(1), same.get(m.group(3)), "the option named is the one set to that port: " + lines.get(0));
      assertFalse(out.contains("Exception"), out);

      assertEquals(200, first.get(first.admin, "/health").statusCode(), "the first node runs on");
    }
  }
}
