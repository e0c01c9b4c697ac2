package io.weft.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The listening ports of a Weft node under test, each a free port of 127.0.0.1 chosen here. */
public abstract class NodePorts {
  public final int otlpGrpc = Ports.free();
  public final int otlpHttp = Ports.free();
  public final int jaegerHttp = Ports.free();
  public final int zipkin = Ports.free();
  public final int query = Ports.free();
  public final int queryGrpc = Ports.free();
  public final int admin = Ports.free();
  public final int bridge = Ports.free();
  public final int agentCompact = Ports.free();
  public final int agentBinary = Ports.free();
  public final int samplingHttp = Ports.free();
  public final int samplingGrpc = Ports.free();

  /** The options that bind the node to 127.0.0.1 on these ports. */
  protected Map<String, String> portOptions() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("host", "127.0.0.1");
    o.put("collector.otlp.grpc.port", "" + otlpGrpc);
    o.put("collector.otlp.http.port", "" + otlpHttp);
    o.put("collector.jaeger.http.port", "" + jaegerHttp);
    o.put("collector.zipkin.http.port", "" + zipkin);
    o.put("query.http.port", "" + query);
    o.put("query.grpc.port", "" + queryGrpc);
    o.put("admin.http.port", "" + admin);
    o.put("bridge.tcp.port", "" + bridge);
    o.put("agent.jaeger.compact.port", "" + agentCompact);
    o.put("agent.jaeger.binary.port", "" + agentBinary);
    o.put("sampling.http.port", "" + samplingHttp);
    o.put("sampling.grpc.port", "" + samplingGrpc);
    return o;
  }
}
