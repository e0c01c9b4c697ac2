package io.weft.query.grpc;

import com.google.protobuf.MessageLite;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.ServiceMethod;
import io.weft.model.TraceId;
import io.weft.codec.JaegerProtoEncoder;
import io.weft.proto.jaeger.api_v3.FindTraceSummariesRequest;
import io.weft.proto.jaeger.api_v3.GetServicesRequest;
import io.weft.proto.jaeger.api_v3.QueryServiceGrpcClient;
import io.weft.proto.jaeger.api_v3.TraceQueryParameters;
import io.weft.proto.jaeger.api_v3.TraceSummary;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bench (bench/grpc-trace-heap.sh): a node's live heap while it streams its largest stored trace over
 * gRPC GetTrace (api_v3, then api_v2) to a reader that takes one message at a time and stalls between
 * them. The live heap (after a full GC, read with jcmd) is sampled after messages 1, 2, 4, 8, ...;
 * its largest growth over the idle node's is compared with the trace's encoded size (the messages' bytes).
 * Usage: GrpcTraceHeapBench NODE_PID GRPC_PORT
 */
public final class GrpcTraceHeapBench {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  public static void main(String[] args) throws Exception {
    long pid = Long.parseLong(args[0]);
    int port = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    try {
      GrpcClient grpc = GrpcClient.client(vertx);
      SocketAddress address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
      TraceSummary largest = largestTrace(QueryServiceGrpcClient.create(grpc, address));
      System.out.printf("trace %s: %d spans%n", largest.getTraceId(), largest.getSpanCount());
      long idle = Math.min(liveHeapKb(pid), liveHeapKb(pid));
      System.out.printf("idle node: live heap %,d KiB%n", idle);
      run("api_v3", grpc, address, pid, idle, QueryServiceGrpcClient.GetTrace,
          io.weft.proto.jaeger.api_v3.GetTraceRequest.newBuilder().setTraceId(largest.getTraceId()).build());
      run("api_v2", grpc, address, pid, idle, io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient.GetTrace,
          io.weft.proto.jaeger.api_v2.GetTraceRequest.newBuilder()
              .setTraceId(JaegerProtoEncoder.traceId(TraceId.fromHex(largest.getTraceId()))).build());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static TraceSummary largestTrace(QueryServiceGrpcClient v3) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    TraceSummary best = null;
    for (String service : get(v3.getServices(GetServicesRequest.getDefaultInstance())).getServicesList()) {
      var request = FindTraceSummariesRequest.newBuilder().setQuery(TraceQueryParameters.newBuilder()
          .setServiceName(service).setSearchDepth(1000)
          .setStartTimeMin(com.google.protobuf.Timestamp.newBuilder().setSeconds(now - 3600))
          .setStartTimeMax(com.google.protobuf.Timestamp.newBuilder().setSeconds(now + 60))).build();
      for (var chunk : get(v3.findTraceSummaries(request).compose(r -> r.collect(java.util.stream.Collectors.toList())))) {
        for (TraceSummary s : chunk.getSummariesList()) {
          if (best == null || s.getSpanCount() > best.getSpanCount()) {
            best = s;
          }
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("the node holds no trace");
    }
    return best;
  }

  private static <Req, Resp extends MessageLite> void run(String api, GrpcClient grpc, SocketAddress address, long pid,
      long idleKb, ServiceMethod<Resp, Req> method, Req request) throws Exception {
    LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    Context[] context = new Context[1];
    GrpcClientResponse<Req, Resp> resp = get(grpc.request(address, method).compose(req -> req.end(request)
        .compose(v -> req.response())
        .map(r -> {
          context[0] = Vertx.currentContext();
          r.pause();
          r.handler(inbox::add);
          r.endHandler(v -> inbox.add(Boolean.TRUE));
          r.exceptionHandler(inbox::add);
          return r;
        })));
    long bytes = 0;
    long maxGrowthKb = 0;
    int messages = 0;
    int nextSample = 1;
    while (true) {
      context[0].runOnContext(v -> resp.fetch(1));
      Object next = inbox.poll(60, TimeUnit.SECONDS);
      if (next == null || next instanceof Throwable) {
        throw new IllegalStateException(api + " stream broke after " + messages + " messages: " + next);
      }
      if (next == Boolean.TRUE) {
        break;
      }
      messages++;
      bytes += ((MessageLite) next).getSerializedSize();
      if (messages == nextSample) {
        // The reader stalls here: the node holds what it has queued for this stream.
        long growth = liveHeapKb(pid) - idleKb;
        maxGrowthKb = Math.max(maxGrowthKb, growth);
        System.out.printf("  %s after message %d: live heap +%,d KiB%n", api, messages, growth);
        nextSample *= 2;
      }
    }
    System.out.printf("%s GetTrace: %d messages, %,d bytes encoded; status %s; largest live-heap growth while"
        + " streaming %,d KiB = %.2fx the encoded trace%n", api, messages, bytes, resp.status().name(), maxGrowthKb,
        maxGrowthKb * 1024.0 / bytes);
  }

  /** The node's live heap: a full GC, then the heap's used size. */
  static long liveHeapKb(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Thread.sleep(300);
    Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no heap size in jcmd's answer");
    }
    return Long.parseLong(m.group(1));
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
