package io.weft.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The tokens file, one token a line: {@code TOKEN PERMISSIONS TENANT [NAME]}, e.g.
 * {@code 3f9c...e1 write team-a otel-collector-a}. TOKEN is the token itself (16 characters or more) or
 * {@code sha256:} and the hex SHA-256 of it, so the file need not hold the secret; PERMISSIONS is a
 * comma list of write, read, admin (or all); TENANT is a name or {@code -} for none. {@code #} starts a
 * comment. Tokens are looked up by their hash: the lookup's time tells nothing of a token's characters.
 */
public final class TokenFile {
  static final int MIN_LENGTH = 16;
  private static final String SHA256 = "sha256:";

  private final Map<String, Principal> byHash;

  private TokenFile(Map<String, Principal> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  public static final TokenFile EMPTY = new TokenFile(Map.of());

  /** Parses the file's text; a mistake names its line (and never echoes a token). */
  public static TokenFile parse(String text) {
    Map<String, Principal> out = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (body.isEmpty()) {
        continue;
      }
      int n = i + 1;
      String[] f = body.split("\\s+");
      if (f.length < 3 || f.length > 4) {
        throw new IllegalArgumentException("line " + n + ": expected TOKEN PERMISSIONS TENANT [NAME], got "
            + f.length + " fields");
      }
      String key;
      if (f[0].startsWith(SHA256)) {
        key = f[0].substring(SHA256.length()).toLowerCase(java.util.Locale.ROOT);
        if (!key.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException("line " + n + ": sha256: must be followed by 64 hex digits");
        }
      } else if (f[0].length() < MIN_LENGTH) {
        throw new IllegalArgumentException("line " + n + ": the token is shorter than " + MIN_LENGTH
            + " characters (use a random one, e.g. openssl rand -hex 32)");
      } else {
        key = sha256(f[0]);
      }
      Set<Permission> perms = Permission.parseList(f[1]);
      if (perms == null || perms.isEmpty()) {
        throw new IllegalArgumentException("line " + n + ": permissions '" + f[1]
            + "' must be a comma list of write, read, admin (or all)");
      }
      String tenant = f[2].equals("-") ? null : f[2];
      String name = f.length == 4 ? f[3] : "token on line " + n;
      if (out.put(key, new Principal(name, tenant, perms, Long.MAX_VALUE)) != null) {
        throw new IllegalArgumentException("line " + n + ": the same token is listed twice");
      }
    }
    return new TokenFile(out);
  }

  /** The token's principal, or null when it is not listed. */
  public Principal find(String token) {
    return byHash.get(sha256(token));
  }

  public int size() {
    return byHash.size();
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
