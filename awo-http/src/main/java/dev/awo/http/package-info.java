/**
 * What every awo HTTP host shares, whatever server it runs on (the example Jetty host, the Spring
 * Boot starter's endpoints): the live page and, as they move here, the JSON shapes of the Agent Work
 * Orders API, ETag derivation and the per-work-order log buffer. Nothing here opens a socket.
 */
package dev.awo.http;
