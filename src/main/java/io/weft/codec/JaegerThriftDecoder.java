package io.weft.codec;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.SpanRefType;
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * Jaeger's thrift span format to Weft spans: the HTTP {@code Batch} of jaeger-client's HttpSender and
 * the agent's UDP {@code emitBatch} datagrams. Errors are CodecExceptions whose message starts with a
 * short reason code: {@code truncated} (also a length claim past the
 * end of the input), {@code bad-message} or {@code not-emitBatch}.
 */
public final class JaegerThriftDecoder {
  private static final String EMIT_BATCH = "emitBatch";
  private static final int MAX_DEPTH = 64;

  private JaegerThriftDecoder() {}

  /** A binary-protocol {@code Batch}, the body of {@code POST /api/traces} (application/x-thrift). */
  public static List<Span> decodeBatch(byte[] body) {
    Batch batch = new Batch();
    try {
      batch.read(protocol(body, false));
    } catch (TException | RuntimeException e) {
      throw failure("Jaeger thrift batch", e);
    }
    return fromBatch(batch);
  }

  /** A UDP datagram holding a oneway {@code Agent.emitBatch} call, compact (port 6831) or binary (6832). */
  public static List<Span> decodeEmitBatch(byte[] datagram, boolean compact) {
    Agent.emitBatch_args args = new Agent.emitBatch_args();
    try {
      TProtocol p = protocol(datagram, compact);
      TMessage msg = p.readMessageBegin();
      if (!EMIT_BATCH.equals(msg.name)) {
        throw new CodecException("not-emitBatch: message is \"" + cut(msg.name) + "\"");
      }
      if (msg.type != TMessageType.ONEWAY && msg.type != TMessageType.CALL) {
        throw new CodecException("bad-message: message type " + msg.type);
      }
      args.read(p);
      p.readMessageEnd();
    } catch (TException | RuntimeException e) {
      throw failure("emitBatch", e);
    }
    if (args.getBatch() == null) {
      throw new CodecException("bad-message: emitBatch without a batch");
    }
    return fromBatch(args.getBatch());
  }

  /**
   * Reads from memory with every size claim bounded by the input's length (the message size, and the
   * string and container lengths), so a forged length fails instead of allocating; and with nesting
   * bounded, since libthrift skips unknown fields by unbounded recursion.
   */
  private static TProtocol protocol(byte[] data, boolean compact) throws TTransportException {
    TConfiguration conf = new TConfiguration(data.length, data.length, MAX_DEPTH);
    TMemoryInputTransport in = new TMemoryInputTransport(conf, data);
    return new DepthLimited(compact
        ? new TCompactProtocol(in, data.length, data.length)
        : new TBinaryProtocol(in, data.length, data.length, false, false));
  }

  /** Fails past {@link #MAX_DEPTH} nested structs and containers (Jaeger's own need four). */
  private static final class DepthLimited extends TProtocolDecorator {
    private int depth;

    DepthLimited(TProtocol p) {
      super(p);
    }

    private void enter() throws TProtocolException {
      if (++depth > MAX_DEPTH) {
        throw new TProtocolException(TProtocolException.DEPTH_LIMIT, "nested deeper than " + MAX_DEPTH);
      }
    }

    @Override
    public TStruct readStructBegin() throws TException {
      enter();
      return super.readStructBegin();
    }

    @Override
    public void readStructEnd() throws TException {
      depth--;
      super.readStructEnd();
    }

    @Override
    public TList readListBegin() throws TException {
      enter();
      return super.readListBegin();
    }

    @Override
    public void readListEnd() throws TException {
      depth--;
      super.readListEnd();
    }

    @Override
    public TSet readSetBegin() throws TException {
      enter();
      return super.readSetBegin();
    }

    @Override
    public void readSetEnd() throws TException {
      depth--;
      super.readSetEnd();
    }

    @Override
    public TMap readMapBegin() throws TException {
      enter();
      return super.readMapBegin();
    }

    @Override
    public void readMapEnd() throws TException {
      depth--;
      super.readMapEnd();
    }
  }

  private static CodecException failure(String what, Throwable e) {
    if (e instanceof CodecException c) {
      return c;
    }
    // From memory, the transport fails only at the end of the input; a length claim past it (a size
    // limit) is the same thing: the input ends before what it announces.
    boolean truncated = e instanceof TTransportException
        || (e instanceof TProtocolException p && p.getType() == TProtocolException.SIZE_LIMIT);
    String reason = truncated ? "truncated" : "bad-message"; // bad version, negative sizes, wrong types, depth
    return new CodecException(reason + ": " + what + ": " + cut(String.valueOf(e.getMessage())), e);
  }

  public static List<Span> fromBatch(Batch batch) {
    Process process = batch.getProcess() == null
        ? new Process("", List.of())
        : new Process(nonNull(batch.getProcess().getServiceName()), tags(batch.getProcess().getTags()));
    List<Span> out = new ArrayList<>(batch.getSpansSize());
    if (batch.getSpans() != null) {
      for (io.jaegertracing.thriftjava.Span s : batch.getSpans()) {
        out.add(span(s, process));
      }
    }
    return out;
  }

  private static Span span(io.jaegertracing.thriftjava.Span s, Process process) {
    TraceId traceId = new TraceId(s.getTraceIdHigh(), s.getTraceIdLow());
    List<Tag> tags = tags(s.getTags());
    // span.kind is a field in Weft; an unknown value stays an ordinary tag.
    SpanKind kind = SpanKind.UNSPECIFIED;
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      if (t.key().equals(JaegerTags.SPAN_KIND) && t.value() instanceof String v
          && SpanKind.fromTagValue(v) != SpanKind.UNSPECIFIED) {
        kind = SpanKind.fromTagValue(v);
        tags.remove(i);
        break;
      }
    }
    return Span.builder()
        .traceId(traceId)
        .spanId(s.getSpanId())
        .operationName(nonNull(s.getOperationName()))
        .references(references(s, traceId))
        .flags(s.getFlags())
        .startTimeMicros(s.getStartTime())
        .durationMicros(s.getDuration())
        .tags(tags)
        .logs(logs(s.getLogs()))
        .process(process)
        .kind(kind)
        .build();
  }

  /** As Jaeger's MaybeAddParentSpanID: a parentSpanId not already a CHILD_OF reference goes first. */
  private static List<SpanRef> references(io.jaegertracing.thriftjava.Span s, TraceId traceId) {
    List<SpanRef> refs = new ArrayList<>(s.getReferencesSize() + 1);
    if (s.getReferences() != null) {
      for (io.jaegertracing.thriftjava.SpanRef r : s.getReferences()) {
        RefType type = r.getRefType() == SpanRefType.FOLLOWS_FROM ? RefType.FOLLOWS_FROM : RefType.CHILD_OF;
        refs.add(new SpanRef(type, new TraceId(r.getTraceIdHigh(), r.getTraceIdLow()), r.getSpanId()));
      }
    }
    long parent = s.getParentSpanId();
    if (parent != 0 && !refs.contains(SpanRef.childOf(traceId, parent))) {
      refs.add(0, SpanRef.childOf(traceId, parent));
    }
    return refs;
  }

  private static List<Log> logs(List<io.jaegertracing.thriftjava.Log> logs) {
    if (logs == null) {
      return List.of();
    }
    List<Log> out = new ArrayList<>(logs.size());
    for (io.jaegertracing.thriftjava.Log l : logs) {
      out.add(new Log(l.getTimestamp(), tags(l.getFields())));
    }
    return out;
  }

  private static List<Tag> tags(List<io.jaegertracing.thriftjava.Tag> tags) {
    if (tags == null) {
      return new ArrayList<>(0);
    }
    List<Tag> out = new ArrayList<>(tags.size());
    for (io.jaegertracing.thriftjava.Tag t : tags) {
      out.add(tag(t));
    }
    return out;
  }

  private static Tag tag(io.jaegertracing.thriftjava.Tag t) {
    String key = nonNull(t.getKey());
    if (t.getVType() == null) {
      return Tag.string(key, "Unknown VType: " + t); // what Jaeger stores for a type it does not know
    }
    return switch (t.getVType()) {
      case STRING -> Tag.string(key, nonNull(t.getVStr()));
      case DOUBLE -> Tag.float64(key, t.getVDouble());
      case BOOL -> Tag.bool(key, t.isVBool());
      case LONG -> Tag.int64(key, t.getVLong());
      case BINARY -> Tag.binary(key, t.getVBinary() == null ? new byte[0] : t.getVBinary());
    };
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String cut(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
