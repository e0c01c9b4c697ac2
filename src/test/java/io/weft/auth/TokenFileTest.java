package io.weft.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  static final String WRITER = "w-0123456789abcdef";
  static final String READER = "r-0123456789abcdef";

  @TempDir
  Path dir;

  @Test
  void tokensWithPermissionsAndTenants() {
    TokenFile f = TokenFile.parse("""
        # token            permissions  tenant  name
        %s     write        team-a  collector-a
        sha256:%s  read,admin  -   # the reader, stored as its hash
        """.formatted(WRITER, TokenFile.sha256(READER)));
    assertEquals(2, f.size());
    Principal w = f.find(WRITER);
    assertEquals(new Principal("collector-a", "team-a", Set.of(Permission.WRITE), Long.MAX_VALUE), w);
    Principal r = f.find(READER);
    assertNull(r.tenant());
    assertTrue(r.may(Permission.READ) && r.may(Permission.ADMIN) && !r.may(Permission.WRITE));
    assertEquals("token on line 3", r.name());
    assertNull(f.find("w-0123456789abcdeX"));
    assertNull(f.find(TokenFile.sha256(READER)), "the hash itself is no token");
    assertEquals(Set.of(Permission.values()), TokenFile.parse(WRITER + " all -").find(WRITER).permissions());
  }

  @Test
  void mistakesNameTheirLineAndNeverTheToken() {
    assertMistake("line 2: expected TOKEN PERMISSIONS TENANT [NAME], got 2 fields", "\n" + WRITER + " write");
    assertMistake("line 1: the token is shorter than 16 characters (use a random one, e.g. openssl rand -hex 32)",
        "short write -");
    assertMistake("line 1: permissions 'write,delete' must be a comma list of write, read, admin (or all)",
        WRITER + " write,delete -");
    assertMistake("line 1: sha256: must be followed by 64 hex digits", "sha256:abc read -");
    assertMistake("line 2: the same token is listed twice", WRITER + " write a\n" + WRITER + " read b");
  }

  private static void assertMistake(String message, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFile.parse(text));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains(WRITER));
  }

  @Test
  void theStoreKeepsTheLastGoodReading() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, WRITER + " write team-a\n");
    TokenStore store = new TokenStore(file.toString(), 0);
    assertEquals("team-a", store.tokens().find(WRITER).tenant());
    Files.writeString(file, WRITER + " write team-a\nbroken\n");
    store.check();
    assertEquals("team-a", store.tokens().find(WRITER).tenant(), "a bad reading is not used");
    Files.writeString(file, READER + " read team-b\n");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    store.check();
    assertNull(store.tokens().find(WRITER), "a token taken out of the file is refused");
    assertEquals("team-b", store.tokens().find(READER).tenant());
    Files.writeString(file, "short read -\n");
    assertEquals("auth.tokens-file " + file + ": line 1: the token is shorter than 16 characters (use a random one, "
        + "e.g. openssl rand -hex 32)", assertThrows(ConfigException.class,
            () -> new TokenStore(file.toString(), 0)).getMessage());
  }
}
