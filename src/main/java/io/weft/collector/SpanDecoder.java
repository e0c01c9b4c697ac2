package io.weft.collector;

import io.weft.model.Span;
import java.util.List;

/** Turns one request body into spans; throws io.weft.codec.CodecException when it cannot. */
@FunctionalInterface
interface SpanDecoder {
  List<Span> decode(byte[] body);
}
