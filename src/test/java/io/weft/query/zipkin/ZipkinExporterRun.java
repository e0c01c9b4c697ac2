package io.weft.query.zipkin;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import java.net.InetAddress;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Runs inside {@link OldOtelSdk}'s class loader: {@link OtelShopTraffic} through OpenTelemetry's
 * Zipkin exporter. The exporter sets the local endpoint's address to this host's; here 127.0.0.1,
 * which is also the sender address Weft's collector records for the OTLP copy.
 */
public final class ZipkinExporterRun {
  private ZipkinExporterRun() {}

  public static String run(String zipkinSpansUrl, long startMicros) {
    ZipkinSpanExporter exporter = ZipkinSpanExporter.builder()
        .setSender(URLConnectionSender.create(zipkinSpansUrl)).setEncoder(SpanBytesEncoder.JSON_V2)
        .setLocalIpAddressSupplier(InetAddress::getLoopbackAddress).build();
    return OtelShopTraffic.emit(exporter, startMicros);
  }
}
