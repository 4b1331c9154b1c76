/**
 * What every awo HTTP host shares, whatever server it runs on (the example Jetty host, the Spring
 * Boot starter's endpoints), so that both answer with one implementation: the JSON shapes of the
 * Agent Work Orders API ({@link dev.awo.http.WorkOrderJson}, {@link dev.awo.http.EventJson}, redacted
 * by {@link dev.awo.http.JsonRedaction}), entity tags ({@link dev.awo.http.ETags}), the per-work-order
 * log and its stream ({@link dev.awo.http.WorkOrderLogBuffer}, {@link dev.awo.http.LogQuery}, {@link
 * dev.awo.http.LogStream}), strict request bodies ({@link dev.awo.http.JsonBodies}, {@link
 * dev.awo.http.CreateRequestJson}, {@link dev.awo.http.GateDecision}, {@link dev.awo.http.PathIds}),
 * configured repositories ({@link dev.awo.http.RepositoryApi}), the one error type ({@link
 * dev.awo.http.ApiProblem}) and the live page ({@link dev.awo.http.LivePage}). A host binds these to
 * its routes and maps {@link dev.awo.http.ApiProblem} to its responses. Nothing here opens a socket;
 * it depends on awo-spi, awo-core's public API and Jackson only.
 */
package dev.awo.http;
