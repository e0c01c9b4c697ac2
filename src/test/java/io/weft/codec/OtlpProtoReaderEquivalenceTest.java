package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.weft.model.Span;
import io.weft.tracegen.SampleBodies;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bytes' reader (OtlpProtoReader, behind OtlpDecoder.decodeProto) against the way OTLP protobuf
 * was decoded before it: protobuf-java's generated classes parse the request, OtlpDecoder translates
 * the message. On every input both give equal spans or both refuse it.
 */
class OtlpProtoReaderEquivalenceTest {
  private static final String REFUSED = "refused";

  /** The decoder before: protobuf-java's parse of the generated message, then the translation of the message. */
  static Object viaMessages(byte[] bytes) {
    try {
      return OtlpDecoder.decode(ExportTraceServiceRequest.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      return REFUSED;
    }
  }

  static Object viaBytes(byte[] bytes) {
    try {
      return OtlpDecoder.decodeProto(bytes);
    } catch (CodecException e) {
      assertTrue(e.getMessage().startsWith("malformed OTLP protobuf: "), e.getMessage());
      return REFUSED;
    }
  }

  /** Asserts both decoders agree; true when they accepted the bytes. */
  static boolean assertAgree(byte[] bytes, String what) {
    Object expected = viaMessages(bytes);
    assertEquals(expected, viaBytes(bytes), () -> what + ": " + hex(bytes));
    return expected != REFUSED;
  }

  private static String hex(byte[] bytes) {
    String h = HexFormat.of().formatHex(bytes);
    return h.length() > 4000 ? h.substring(0, 4000) + "..." : h;
  }

  @Test
  void randomRequestsGiveTheSameSpans() {
    int accepted = 0;
    int spans = 0;
    for (int seed = 0; seed < 1000; seed++) {
      byte[] bytes = new RandomOtlpRequests(seed).request().toByteArray();
      if (assertAgree(bytes, "seed " + seed)) {
        accepted++;
        spans += ((List<?>) viaMessages(bytes)).size();
      }
    }
    // Only values nested past protobuf's recursion limit are refused among built requests (about 6%).
    assertTrue(accepted > 900, accepted + " of 1000 accepted");
    assertTrue(spans > 3_000, spans + " spans compared");
  }

  @Test
  void rewrittenRequestsGiveTheSameSpans() {
    int accepted = 0;
    int changed = 0;
    for (int seed = 0; seed < 1000; seed++) {
      byte[] plain = new RandomOtlpRequests(seed).request().toByteArray();
      byte[] bytes = new WireRewriter(seed, 0.15).rewrite(plain, ExportTraceServiceRequest.getDescriptor());
      if (assertAgree(bytes, "rewritten, seed " + seed)) {
        accepted++;
        changed += viaMessages(bytes).equals(viaMessages(plain)) ? 0 : 1;
      }
    }
    assertTrue(accepted > 830, accepted + " of 1000 accepted");
    assertTrue(changed > 300, changed + " rewrites changed the spans (fields given twice, merged, switched)");
  }

  @Test
  void damagedBytesAreRefusedOrReadAlike() {
    int refused = 0;
    int accepted = 0;
    for (int seed = 0; seed < 1500; seed++) {
      Random r = new Random(seed);
      byte[] bytes = new RandomOtlpRequests(seed).request().toByteArray();
      for (int m = 1 + r.nextInt(3); m > 0 && bytes.length > 0; m--) {
        bytes = damage(bytes, r);
      }
      if (assertAgree(bytes, "damaged, seed " + seed)) {
        accepted++;
      } else {
        refused++;
      }
    }
    assertTrue(refused > 375 && accepted > 75, refused + " refused, " + accepted + " accepted");
  }

  @Test
  void everyTruncationOfARequestIsRefusedOrReadAlike() {
    byte[] bytes = new RandomOtlpRequests(7).request().toByteArray();
    for (int seed = 8; bytes.length < 600; seed++) {
      bytes = new RandomOtlpRequests(seed).request().toByteArray();
    }
    int refused = 0;
    for (int n = 0; n <= bytes.length; n++) {
      refused += assertAgree(Arrays.copyOf(bytes, n), "first " + n + " bytes") ? 0 : 1;
    }
    assertTrue(refused > bytes.length / 2, refused + " of " + bytes.length + " prefixes refused");
  }

  @Test
  void tracegenBodiesGiveTheSameSpans() {
    for (byte[] body : SampleBodies.bodies("otlp-grpc", 512, 3, 11)) {
      assertTrue(assertAgree(body, "tracegen body"));
      assertEquals(512, ((List<?>) viaBytes(body)).size());
    }
  }

  @Test
  void openTelemetrySdkExportsGiveTheSameSpans() {
    for (byte[] body : SdkExportBodies.bodies()) {
      assertTrue(assertAgree(body, "OTel SDK export"));
      List<?> spans = (List<?>) viaBytes(body);
      assertTrue(!spans.isEmpty());
      assertTrue(spans.stream().map(s -> ((Span) s).serviceName()).allMatch("sdk-svc"::equals));
    }
  }

  /** One random damage: a byte changed, bytes inserted, a range removed or repeated, the end cut. */
  private static byte[] damage(byte[] b, Random r) {
    int at = r.nextInt(b.length);
    switch (r.nextInt(6)) {
      case 0 -> {
        byte[] c = b.clone();
        c[at] = (byte) r.nextInt(256);
        return c;
      }
      case 1 -> {
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << r.nextInt(8));
        return c;
      }
      case 2 -> {
        byte[] ins = new byte[1 + r.nextInt(4)];
        r.nextBytes(ins);
        return concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
      }
      case 3 -> {
        int end = Math.min(b.length, at + 1 + r.nextInt(8));
        return concat(Arrays.copyOf(b, at), new byte[0], Arrays.copyOfRange(b, end, b.length));
      }
      case 4 -> {
        int end = Math.min(b.length, at + 1 + r.nextInt(16));
        return concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, end), Arrays.copyOfRange(b, end, b.length));
      }
      default -> {
        return Arrays.copyOf(b, at);
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] out = Arrays.copyOf(a, a.length + b.length + c.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }
}
