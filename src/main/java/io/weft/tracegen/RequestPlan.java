package io.weft.tracegen;

/**
 * What each request carries. A request holds whole traces of {@code --spans-per-trace} spans, as many
 * as fit in {@code --batch}; at a rate also no more than a tenth of a second's worth, so a low rate
 * sends small requests steadily instead of one batch now and then. A trace larger than that goes in
 * consecutive parts, one request each, all under one trace id: sent whole, never cut. With
 * {@code --spans} the last trace is made smaller so exactly that many spans go out.
 */
final class RequestPlan {
  /**
   * One request: {@code traces} whole traces of {@code traceSpans} spans each, or (when {@code parts} > 1)
   * part {@code part} of the one trace of {@code traceSpans} spans; {@code spans} in this request.
   */
  record Request(int traces, int traceSpans, int part, int parts, int spans) {
    boolean lastPart() {
      return part == parts - 1;
    }
  }

  private final int batch;
  private final int spansPerTrace;
  private final int perRequest;
  private long left;
  private int splitSpans;
  private int splitSent;

  /** {@code spanLimit} 0: no limit; {@code rate} 0: flat out. */
  RequestPlan(int batch, int spansPerTrace, long spanLimit, long rate) {
    if (batch < 1 || spansPerTrace < 1) {
      throw new IllegalArgumentException("batch and spans per trace must be at least 1");
    }
    this.batch = batch;
    this.spansPerTrace = spansPerTrace;
    this.perRequest = rate > 0 ? (int) Math.max(1, Math.min(batch, rate / 10)) : batch;
    this.left = spanLimit > 0 ? spanLimit : Long.MAX_VALUE;
  }

  /** The most spans one request holds: what a rate limiter must be able to grant at once. */
  int largestRequest() {
    return Math.max(perRequest, Math.min(spansPerTrace, batch));
  }

  /** The next request, or null once every span of the limit is planned. Call {@link #take} to move on. */
  Request peek() {
    if (splitSpans > 0) {
      return part(splitSpans, splitSent);
    }
    if (left == 0) {
      return null;
    }
    int traceSpans = (int) Math.min(spansPerTrace, left);
    if (traceSpans > batch) {
      return part(traceSpans, 0);
    }
    int traces = (int) Math.max(1, Math.min(perRequest / traceSpans, left / traceSpans));
    return new Request(traces, traceSpans, 0, 1, traces * traceSpans);
  }

  /** Moves past the request {@link #peek} returned. */
  void take() {
    Request r = peek();
    if (r == null) {
      throw new IllegalStateException("nothing left to take");
    }
    left -= r.spans();
    if (r.parts() > 1) {
      splitSpans = r.traceSpans();
      splitSent += r.spans();
      if (splitSent == splitSpans) {
        splitSpans = 0;
        splitSent = 0;
      }
    }
  }

  /** True once every span of the limit went into a request. */
  boolean done() {
    return left == 0;
  }

  private Request part(int traceSpans, int sent) {
    int parts = (traceSpans + perRequest - 1) / perRequest;
    return new Request(1, traceSpans, sent / perRequest, parts, Math.min(perRequest, traceSpans - sent));
  }
}
