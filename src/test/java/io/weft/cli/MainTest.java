package io.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command table: which words run which command with which arguments, and what weft help lists. */
class MainTest {

  @Test
  void commandsAreFoundByTheirWords() {
    Main.Match replay = Main.find(List.of("ingester", "replay", "--from-time=2026-11-24T10:00:00Z"));
    assertEquals("ingester replay", replay.command().name());
    assertEquals(List.of("--from-time=2026-11-24T10:00:00Z"), replay.rest());
    Main.Match older = Main.find(List.of("ingester", "--from-time=2026-11-24T10:00:00Z"));
    assertEquals("ingester replay", older.command().name(), "the form before replay had its word");
    assertEquals(List.of("--from-time=2026-11-24T10:00:00Z"), older.rest());
    assertEquals(List.of("collector=2"), Main.find(List.of("roles", "collector=2")).rest());
    assertEquals("tracegen", Main.find(List.of("tracegen", "--rate=10")).command().name());
    assertEquals("schema", Main.find(List.of("schema")).command().name());
    assertNull(Main.find(List.of("ingester", "start")));
    assertNull(Main.find(List.of("frob")));
  }

  @Test
  void helpListsEveryCommand() {
    String usage = Main.usage();
    for (Command c : Main.COMMANDS) {
      assertTrue(usage.contains(c.usage()) && usage.contains(c.summary()), c.name());
    }
    assertTrue(usage.contains("weft ingester replay --from-time"), usage);
  }

  @Test
  void schemaPrintsCqlForTheOptionsGiven() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, SchemaCommand.run(List.of("--cassandra.keyspace=traces_x"), new PrintStream(out), new PrintStream(err)));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("CREATE KEYSPACE IF NOT EXISTS traces_x"),
        out.toString(StandardCharsets.UTF_8));
    assertEquals(2, SchemaCommand.run(List.of("--no.such.option=1"), new PrintStream(out), new PrintStream(err)));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("weft schema: "), err.toString(StandardCharsets.UTF_8));
  }
}
