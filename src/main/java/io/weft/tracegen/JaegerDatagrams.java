package io.weft.tracegen;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryBuffer;

/** tracegen's Jaeger agent datagrams: one oneway {@code Agent.emitBatch} call, thrift compact (port 6831). */
final class JaegerDatagrams {
  /** The largest datagram Jaeger's agent (and Weft's) takes by default. */
  static final int MAX_DATAGRAM = 65_000;

  private JaegerDatagrams() {}

  record Span(byte[] traceId, long spanId, long parentId, String op, int kind, long startNanos, long durationNanos,
      boolean error, List<String> tagValues, int events) {}

  static byte[] emitBatch(String service, List<Span> spans) {
    List<io.jaegertracing.thriftjava.Span> out = new ArrayList<>(spans.size());
    for (Span g : spans) {
      io.jaegertracing.thriftjava.Span s = new io.jaegertracing.thriftjava.Span(
          TraceIdFormat.jaegerTraceIdLow(g.traceId()), 0, g.spanId(), g.parentId(), g.op(), 1,
          g.startNanos() / 1000, Math.max(1, g.durationNanos() / 1000));
      List<Tag> tags = new ArrayList<>();
      tags.add(new Tag("span.kind", TagType.STRING).setVStr(g.kind() == 2 ? "server" : "client"));
      for (int t = 0; t < g.tagValues().size(); t++) {
        tags.add(new Tag("tag." + t, TagType.STRING).setVStr(g.tagValues().get(t)));
      }
      if (g.error()) {
        tags.add(new Tag("error", TagType.BOOL).setVBool(true));
      }
      if (g.kind() == 2) {
        tags.add(new Tag(TracePayloads.HTTP_STATUS, TagType.LONG).setVLong(g.error() ? 500 : 200));
      }
      s.setTags(tags);
      if (g.events() > 0) {
        List<Log> logs = new ArrayList<>();
        for (int e = 0; e < g.events(); e++) {
          logs.add(new Log((g.startNanos() + g.durationNanos() / 2) / 1000,
              List.of(new Tag("event", TagType.STRING).setVStr("event-" + e))));
        }
        s.setLogs(logs);
      }
      out.add(s);
    }
    Process process = new Process(service);
    process.setTags(List.of(new Tag("hostname", TagType.STRING).setVStr("gen-" + service),
        new Tag("jaeger.version", TagType.STRING).setVStr("weft-tracegen")));
    try {
      TMemoryBuffer buf = new TMemoryBuffer(4096);
      TCompactProtocol p = new TCompactProtocol(buf);
      p.writeMessageBegin(new TMessage("emitBatch", TMessageType.ONEWAY, 1));
      new Agent.emitBatch_args(new Batch(process, out)).write(p);
      p.writeMessageEnd();
      if (buf.length() > MAX_DATAGRAM) {
        throw new IllegalArgumentException("a datagram of " + spans.size() + " spans is " + buf.length()
            + " bytes, more than " + MAX_DATAGRAM + ": use a smaller --batch with --protocol=jaeger-udp");
      }
      return Arrays.copyOf(buf.getArray(), buf.length());
    } catch (TException e) {
      throw new IllegalStateException(e); // writing to memory does not fail
    }
  }
}
