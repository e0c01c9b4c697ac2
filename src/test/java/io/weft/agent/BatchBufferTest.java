package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BatchBufferTest {
  static EncodedBatch batch(int spans, int bytes) {
    return new EncodedBatch(new byte[bytes], spans);
  }

  @Test
  void theOldestGoFirstWhenSpansOverflow() {
    BatchBuffer b = new BatchBuffer(25, 1_000_000);
    EncodedBatch first = batch(10, 1);
    EncodedBatch second = batch(10, 1);
    EncodedBatch third = batch(10, 1);
    assertEquals(0, b.addLast(first));
    assertEquals(0, b.addLast(second));
    assertEquals(10, b.addLast(third), "the first batch makes room");
    assertEquals(20, b.spans());
    assertSame(second, b.poll());
    assertSame(third, b.poll());
    assertNull(b.poll());
    assertEquals(0, b.spans());
    assertEquals(0, b.bytes());
  }

  @Test
  void bytesAreBoundedToo() {
    BatchBuffer b = new BatchBuffer(1_000, 100);
    b.addLast(batch(1, 60));
    assertEquals(1, b.addLast(batch(2, 60)));
    assertEquals(60, b.bytes());
    assertEquals(2, b.spans());
  }

  @Test
  void aBatchBackFromAFailedSendIsTheOldestAndDroppedFirst() {
    BatchBuffer b = new BatchBuffer(20, 1_000_000);
    EncodedBatch newer = batch(10, 1);
    EncodedBatch newest = batch(10, 1);
    b.addLast(newer);
    b.addLast(newest);
    EncodedBatch failed = batch(10, 1);
    assertEquals(10, b.addFirst(failed));
    assertSame(newer, b.poll(), "the failed (oldest) batch was the one dropped");

    BatchBuffer roomy = new BatchBuffer(100, 1_000_000);
    roomy.addLast(newer);
    roomy.addFirst(failed);
    assertSame(failed, roomy.poll(), "with room, a failed batch is retried before newer ones");
  }
}
