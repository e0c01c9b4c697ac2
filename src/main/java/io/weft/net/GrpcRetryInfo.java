package io.weft.net;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code grpc-status-details-bin} trailer of a RESOURCE_EXHAUSTED answer: a {@code google.rpc.Status}
 * whose details hold a {@code google.rpc.RetryInfo}. OTLP exporters retry RESOURCE_EXHAUSTED only when it
 * carries RetryInfo, after its delay (the OTLP specification's throttling rule).
 */
public final class GrpcRetryInfo {
  public static final String TRAILER = "grpc-status-details-bin";
  private static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

  private GrpcRetryInfo() {}

  /** The trailer's value (base64, as gRPC's binary metadata travels) for this status code, message and delay. */
  public static String trailer(int code, String message, long retryAfterSeconds) {
    byte[] duration = message(out -> out.writeInt64(1, retryAfterSeconds)); // google.protobuf.Duration.seconds
    byte[] retryInfo = message(out -> out.writeByteArray(1, duration)); // RetryInfo.retry_delay
    byte[] any = message(out -> {
      out.writeString(1, RETRY_INFO_TYPE);
      out.writeByteArray(2, retryInfo);
    });
    byte[] status = message(out -> {
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.writeByteArray(3, any);
    });
    return Base64.getEncoder().withoutPadding().encodeToString(status);
  }

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      body.write(out);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }
}
