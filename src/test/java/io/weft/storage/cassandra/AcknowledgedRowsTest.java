package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which rows a retry sends again: only those no earlier attempt got acknowledged, compared by content, so
 * the rows of a retry's statements (built anew from the same spans) match those acknowledged before, and
 * a batch keeps its other rows. Rows here are simple statements (the same comparison as bound ones: the
 * statement and its values); {@link CassandraResendTest} does it with the writer's real rows.
 */
class AcknowledgedRowsTest {
  private final List<BatchableStatement<?>> leftOut = new ArrayList<>();

  /** A row of a chunk-like table; a new instance with new buffers each call, as a retry's build makes. */
  private static SimpleStatement row(int trace, String blob) {
    return SimpleStatement.newInstance("INSERT INTO ks.chunks (trace, blob) VALUES (?, ?)",
        ByteBuffer.wrap(new byte[] {0, (byte) trace}), ByteBuffer.wrap(blob.getBytes()));
  }

  private static BatchStatement batch(BatchableStatement<?>... rows) {
    return BatchStatement.newInstance(BatchType.UNLOGGED, rows).setIdempotent(true);
  }

  @Test
  void nothingAcknowledgedSendsTheStatementAsBuilt() {
    AcknowledgedRows acked = new AcknowledgedRows();
    BatchStatement b = batch(row(1, "a"), row(2, "b"));
    assertSame(b, acked.unacknowledged(b, leftOut::add));
    acked.acknowledged(row(3, "c")); // another row
    assertSame(b, acked.unacknowledged(b, leftOut::add));
    assertEquals(List.of(), leftOut);
  }

  @Test
  void aBatchKeepsOnlyItsRowsNotAcknowledgedBefore() {
    AcknowledgedRows acked = new AcknowledgedRows();
    // Attempt 1: a batch of three was acknowledged, a batch of two was not, one single row was.
    acked.acknowledged(batch(row(1, "a"), row(2, "b"), row(3, "c")));
    acked.acknowledged(row(6, "f"));
    // Attempt 2 builds the same rows, grouped differently.
    Statement<?> rest = acked.unacknowledged(batch(row(1, "a"), row(4, "d"), row(2, "b"), row(5, "e")),
        leftOut::add);
    BatchStatement b = (BatchStatement) rest;
    assertEquals(2, b.size());
    List<Object> values = new ArrayList<>();
    b.forEach(s -> values.add(((SimpleStatement) s).getPositionalValues().get(1)));
    assertEquals(List.of(ByteBuffer.wrap("d".getBytes()), ByteBuffer.wrap("e".getBytes())), values);
    assertEquals(BatchType.UNLOGGED, b.getBatchType());
    assertTrue(b.isIdempotent(), "the smaller batch keeps the batch's settings");
    assertEquals(2, leftOut.size());

    assertNull(acked.unacknowledged(row(6, "f"), leftOut::add), "a single row acknowledged before");
    assertNull(acked.unacknowledged(batch(row(3, "c"), row(1, "a")), leftOut::add), "a batch acknowledged before");
    assertEquals(5, leftOut.size());
    Statement<?> one = acked.unacknowledged(batch(row(2, "b"), row(7, "g")), leftOut::add);
    assertEquals(row(7, "g").getPositionalValues(), ((SimpleStatement) one).getPositionalValues(),
        "one row left of a batch goes alone");
  }

  @Test
  void rowsAreComparedByEveryValueAndTheirStatement() {
    AcknowledgedRows acked = new AcknowledgedRows();
    acked.acknowledged(row(1, "a"));
    SimpleStatement otherValue = row(1, "a2");
    assertSame(otherValue, acked.unacknowledged(otherValue, leftOut::add));
    SimpleStatement otherTable = SimpleStatement.newInstance("INSERT INTO ks.other (trace, blob) VALUES (?, ?)",
        ByteBuffer.wrap(new byte[] {0, 1}), ByteBuffer.wrap("a".getBytes()));
    assertSame(otherTable, acked.unacknowledged(otherTable, leftOut::add));
    assertNull(acked.unacknowledged(row(1, "a"), leftOut::add));
    assertEquals(1, leftOut.size());
  }

  @Test
  void anAcknowledgementArrivingAfterARetryWasBuiltCountsForTheNextOne() {
    AcknowledgedRows acked = new AcknowledgedRows();
    SimpleStatement late = row(1, "a");
    assertSame(late, acked.unacknowledged(late, leftOut::add)); // still in flight: sent again
    acked.acknowledged(late); // a straggler of an earlier attempt answers
    assertNull(acked.unacknowledged(row(1, "a"), leftOut::add));
  }
}
