package io.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.ClientAuth;
import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
  @TempDir
  Path dir;

  WeftConfig config(Map<String, String> o) {
    return WeftConfig.defaults().with(o);
  }

  @Test
  void offByDefaultAndCheckedWhenSet() throws Exception {
    TlsSettings none = TlsSettings.from(WeftConfig.defaults());
    assertFalse(none.enabled());
    assertFalse(none.on(ListenerGroup.COLLECTOR));
    TestCerts.Ca ca = TestCerts.Ca.create(dir, "t");
    TestCerts.Leaf leaf = ca.issue(dir, "n", "node");
    TlsSettings s = TlsSettings.from(config(Map.of("tls.cert", leaf.cert().toString(), "tls.key", leaf.key().toString(),
        "tls.client-ca", ca.certFile.toString(), "tls.client-auth", "required", "tls.listeners", "collector,query",
        "tls.client-auth.listeners", "collector")));
    assertTrue(s.on(ListenerGroup.QUERY));
    assertFalse(s.on(ListenerGroup.ADMIN));
    assertEquals(ClientAuth.REQUIRED, s.clientAuth(ListenerGroup.COLLECTOR));
    assertEquals(ClientAuth.NONE, s.clientAuth(ListenerGroup.QUERY));
    assertEquals(Set.of(ListenerGroup.values()), ListenerGroup.parseList("x", "all"));
  }

  @Test
  void mistakesAreNamed() throws Exception {
    TestCerts.Leaf leaf = TestCerts.Ca.create(dir, "t").issue(dir, "n", "node");
    assertEquals("tls.cert and tls.key go together: give both or neither", assertThrows(ConfigException.class,
        () -> TlsSettings.from(config(Map.of("tls.cert", leaf.cert().toString())))).getMessage());
    assertEquals("tls.client-auth=required needs tls.client-ca (the CA certificates that sign client certificates)",
        assertThrows(ConfigException.class, () -> TlsSettings.from(config(Map.of("tls.cert", leaf.cert().toString(),
            "tls.key", leaf.key().toString(), "tls.client-auth", "required")))).getMessage());
    assertEquals("tls.listeners: unknown listener group 'ui' (use collector, sampling, query, admin, bridge, cluster or all)",
        assertThrows(ConfigException.class, () -> TlsSettings.from(config(Map.of("tls.listeners", "query,ui"))))
            .getMessage());
    assertEquals("tls.key: cannot read " + dir.resolve("missing.pem"), assertThrows(ConfigException.class,
        () -> TlsSettings.from(config(Map.of("tls.cert", leaf.cert().toString(), "tls.key",
            dir.resolve("missing.pem").toString())))).getMessage());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAndAReloadKeepsTheLastGoodReading() throws Exception {
    TestCerts.Ca ca = TestCerts.Ca.create(dir, "t");
    TestCerts.Leaf a = ca.issue(dir, "a", "a");
    TestCerts.Leaf b = ca.issue(dir, "b", "b");
    TlsSettings mixed = new TlsSettings(a.cert().toString(), b.key().toString(), "", ClientAuth.NONE, "",
        Set.of(ListenerGroup.QUERY), Set.of(), 0);
    ConfigException e = assertThrows(ConfigException.class, () -> new TlsFiles(mixed));
    assertTrue(e.getMessage().contains("is not the key of the certificate"), e.getMessage());

    TlsFiles files = new TlsFiles(new TlsSettings(a.cert().toString(), a.key().toString(), "", ClientAuth.NONE, "",
        Set.of(ListenerGroup.QUERY), Set.of(), 0));
    assertEquals(a.certificate().getSerialNumber(), files.current().leaf().getSerialNumber());
    Files.writeString(a.key(), "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
    files.check();
    assertEquals(a.certificate().getSerialNumber(), files.current().leaf().getSerialNumber(), "the last good reading");
    Files.writeString(a.key(), b.keyPem());
    Files.writeString(a.cert(), b.certPem());
    files.check();
    assertEquals(b.certificate().getSerialNumber(), files.current().leaf().getSerialNumber());
    ReloadingKeyManager km = new ReloadingKeyManager(files);
    String alias = km.chooseServerAlias("EC", null, null);
    assertEquals(b.certificate(), km.getCertificateChain(alias)[0]);
  }

  @Test
  void exposureIsTold() {
    assertEquals(List.of(), Exposure.warnings("127.0.0.1", TlsSettings.NONE, false, true, "127.0.0.1", false));
    assertEquals(List.of(), Exposure.warnings("localhost", TlsSettings.NONE, false, false, "127.0.0.1", false));
    List<String> w = Exposure.warnings("0.0.0.0", TlsSettings.NONE, false, true, "10.0.0.5", false);
    assertEquals(3, w.size(), w.toString());
    assertTrue(w.get(0).startsWith("listening on 0.0.0.0 (beyond this machine) without TLS on admin, bridge, collector, "
        + "query, sampling (set tls.cert and tls.key) and without authentication"), w.get(0));
    List<String> withAuth = Exposure.warnings("0.0.0.0", TlsSettings.NONE, true, false, "127.0.0.1", false);
    assertEquals(1, withAuth.size(), withAuth.toString());
    assertTrue(withAuth.get(0).endsWith("(bearer tokens travel in clear)"), withAuth.get(0));
    assertTrue(w.get(1).contains("event bus on 10.0.0.5 runs without TLS"), w.get(1));
    assertTrue(w.get(2).contains("has no cluster.secret"), w.get(2));
  }
}
