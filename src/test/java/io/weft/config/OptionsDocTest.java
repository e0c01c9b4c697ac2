package io.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/options.md is what {@link OptionsDoc} generates from the option list. After changing an option,
 * regenerate it: {@code mvn -B -q test -Dtest=OptionsDocTest -Dweft.docs.write=true}.
 */
class OptionsDocTest {
  private static final Path FILE = Path.of("docs", "options.md");

  @Test
  void docsOptionsMdIsGeneratedFromTheOptionList() throws Exception {
    String generated = OptionsDoc.markdown();
    if (Boolean.getBoolean("weft.docs.write")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, generated);
    }
    assertTrue(Files.exists(FILE), FILE.toAbsolutePath() + " is missing; write it with: " + OptionsDoc.REGENERATE);
    assertEquals(generated, Files.readString(FILE).replace("\r\n", "\n"), // a CRLF checkout is no drift
        FILE + " differs from the option list in io.weft.config.Options; regenerate it with: " + OptionsDoc.REGENERATE);
  }

  @Test
  void everyOptionIsListedOnceWithItsEnvironmentVariable() {
    String md = OptionsDoc.markdown();
    for (Option o : Options.ALL) {
      String row = "| `--" + o.name() + "` |";
      assertEquals(md.indexOf(row), md.lastIndexOf(row), o.name() + " listed more than once");
      assertTrue(md.contains(row), o.name() + " missing");
      assertTrue(md.contains("`" + o.envName() + "`"), o.envName() + " missing");
    }
  }

  /** The variable the reference names is the one the node reads. */
  @Test
  void theDocumentedEnvironmentVariableSetsTheOption() {
    for (Option o : Options.ALL) {
      if (o == Options.CONFIG) {
        continue; // names a file that load() then reads; covered by WeftConfigTest
      }
      WeftConfig c = WeftConfig.load(List.of(), Map.of(o.envName(), "from-env"));
      assertEquals("from-env", c.get(o), o.envName());
    }
  }

  @Test
  void optionsGroupUnderTheirSubjectAndAnUnclaimedPrefixGetsItsOwnSection() {
    Option odd = new Option("zzz.thing", "1", "an option no subject claims");
    Map<String, List<Option>> groups = OptionsDoc.group(List.of(Options.CLUSTER, Options.OTLP_GRPC_PORT, odd,
        Options.CLUSTER_HOST, Options.HOST));
    assertEquals(List.of("General", "Collector", "Cluster", "zzz"), List.copyOf(groups.keySet()));
    assertEquals(List.of(Options.CLUSTER, Options.CLUSTER_HOST), groups.get("Cluster"));
    String md = OptionsDoc.markdown(List.of(odd, new Option("x.y", "a|b", "pipe | inside")));
    assertTrue(md.contains("| `--zzz.thing` | `1` | `WEFT_ZZZ_THING` | an option no subject claims |"), md);
    assertTrue(md.contains("| `a\\|b` |") && md.contains("| pipe \\| inside |"), md);
  }
}
