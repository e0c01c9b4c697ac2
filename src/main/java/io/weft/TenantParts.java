package io.weft;

import io.weft.query.QueryService;
import io.weft.query.zipkin.ZipkinApi;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.archive.TraceArchiver;

/**
 * One tenant's row of the wiring table: its backend, the chain the storing role writes through, the
 * chain reads go through, and the services built over them. Every API a request of this tenant reaches
 * is built over these only. Without tenancy there is one, the implicit tenant's.
 */
record TenantParts(String tenant, SpanStore store, SpanWriter storeWriter, SpanReader reader, QueryService queries,
    TraceArchiver archiver, ZipkinApi zipkin, SpanMetricsParts spanMetrics) {}
