package io.weft.sampling;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two small messages of {@code jaeger.api_v2.SamplingManager/GetSamplingStrategy}, by hand (field
 * numbers from Jaeger's {@code sampling.proto}), so no generated classes are needed:
 *
 * <pre>
 * SamplingStrategyParameters { string serviceName = 1; }
 * SamplingStrategyResponse   { SamplingStrategyType strategyType = 1;   // PROBABILISTIC = 0, RATE_LIMITING = 1
 *                              ProbabilisticSamplingStrategy probabilisticSampling = 2;  // { double samplingRate = 1; }
 *                              RateLimitingSamplingStrategy rateLimitingSampling = 3;    // { int32 maxTracesPerSecond = 1; }
 *                              PerOperationSamplingStrategies operationSampling = 4; }
 * PerOperationSamplingStrategies { double defaultSamplingProbability = 1; double defaultLowerBoundTracesPerSecond = 2;
 *                                  repeated OperationSamplingStrategy perOperationStrategies = 3;
 *                                  double defaultUpperBoundTracesPerSecond = 4; }
 * OperationSamplingStrategy  { string operation = 1; ProbabilisticSamplingStrategy probabilisticSampling = 2; }
 * </pre>
 *
 * Scalars at their default value are left out, as proto3 does.
 */
final class SamplingProto {
  private static final int SERVICE_NAME_TAG = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private SamplingProto() {}

  /** The service name of a request; unknown fields are skipped. */
  static String decodeServiceName(byte[] request) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(request);
    String service = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == SERVICE_NAME_TAG) {
        service = in.readStringRequireUtf8();
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return service;
  }

  static byte[] encode(SamplingStrategy s) {
    return message(out -> {
      if (s.type() != SamplingStrategy.Type.PROBABILISTIC) {
        out.writeEnum(1, s.type().ordinal());
      }
      if (s.type() == SamplingStrategy.Type.PROBABILISTIC) {
        out.writeByteArray(2, probabilistic(s.probability()));
      } else {
        out.writeByteArray(3, message(r -> {
          if (s.maxTracesPerSecond() != 0) {
            r.writeInt32(1, s.maxTracesPerSecond());
          }
        }));
      }
      if (s.operations() != null) {
        out.writeByteArray(4, operations(s.operations()));
      }
    });
  }

  private static byte[] operations(SamplingStrategy.Operations ops) {
    return message(out -> {
      writeDouble(out, 1, ops.defaultProbability());
      writeDouble(out, 2, ops.defaultLowerBoundTracesPerSecond());
      for (SamplingStrategy.Operation o : ops.perOperation()) {
        out.writeByteArray(3, message(m -> {
          if (!o.operation().isEmpty()) {
            m.writeString(1, o.operation());
          }
          m.writeByteArray(2, probabilistic(o.probability()));
        }));
      }
      writeDouble(out, 4, ops.defaultUpperBoundTracesPerSecond());
    });
  }

  private static byte[] probabilistic(double rate) {
    return message(out -> writeDouble(out, 1, rate));
  }

  private static void writeDouble(CodedOutputStream out, int field, double v) throws IOException {
    if (Double.doubleToRawLongBits(v) != 0) {
      out.writeDouble(field, v);
    }
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
  }
}
