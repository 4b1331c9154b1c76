package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot stall the server: partial request heads and bodies shorter than their
 * Content-Length hold no thread, and the request-read timeout closes them. The timeouts are set
 * short so that the test runs in seconds.
 */
@Timeout(60)
class SlowConnectionsTest {
  private static final int HELD = 200;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;
  private ServerFixture fixture;
  private final List<Socket> held = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : held) {
      socket.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @DisplayName("with 200 held partial requests /health answers within 1 s, and the timeout closes all 200")
  void heldPartialRequests() throws Exception {
    fixture = new ServerFixture(dir, false, b -> b.requestReadTimeout(READ_TIMEOUT).idleTimeout(Duration.ofSeconds(30)));
    String host = "Host: 127.0.0.1:" + fixture.port() + "\r\n";
    String token = "Authorization: Bearer " + fixture.server.accessToken().value() + "\r\n";
    for (int i = 0; i < HELD; i++) {
      Socket socket = RawHttp.connect(fixture.port());
      held.add(socket);
      if (i % 2 == 0) { // half stop in the middle of their headers
        RawHttp.send(socket.getOutputStream(), "GET /health HTTP/1.1\r\n" + host + "X-Slow: 1");
      } else {            // half send a body shorter than its Content-Length
        RawHttp.send(socket.getOutputStream(), "POST /agent-work-orders HTTP/1.1\r\n" + host + token
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"repository_url\": ");
      }
    }
    long opened = System.nanoTime();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long start = System.nanoTime();
    HttpResponse<String> health = client.send(HttpRequest.newBuilder(fixture.server.uri().resolve("/health"))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(200, health.statusCode());
    assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "/health took " + took.toMillis() + " ms");
    System.out.printf("slow connections: %d held, /health answered in %d ms%n", HELD, took.toMillis());

    long deadline = opened + READ_TIMEOUT.multipliedBy(5).toNanos();
    int closed = 0;
    for (Socket socket : held) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
      if (RawHttp.closedByServer(socket)) {
        closed++;
      }
    }
    long allClosedAfter = (System.nanoTime() - opened) / 1_000_000;
    System.out.printf("slow connections: %d of %d closed by the server within %d ms (read timeout %d ms)%n",
        closed, HELD, allClosedAfter, READ_TIMEOUT.toMillis());
    assertEquals(HELD, closed, "every held connection is closed by the request-read timeout");
    assertTrue(fixture.untouched(), "the partial creates created nothing");
  }

  @Test
  @DisplayName("a client that drips one header byte at a time is closed at the request-read timeout, not kept alive")
  void drippingHeaders() throws Exception {
    fixture = new ServerFixture(dir, false, b -> b.requestReadTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(30)));
    Socket socket = RawHttp.connect(fixture.port());
    held.add(socket);
    RawHttp.send(socket.getOutputStream(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.port() + "\r\nX-Drip: ");
    long start = System.nanoTime();
    boolean closed = false;
    for (int i = 0; i < 50 && !closed; i++) { // 50 × 100 ms: well past the 1 s timeout, well inside the idle one
      try {
        RawHttp.send(socket.getOutputStream(), "a");
        Thread.sleep(100);
      } catch (IOException e) {
        closed = true;
      }
    }
    socket.setSoTimeout(2000);
    closed = closed || RawHttp.closedByServer(socket);
    assertTrue(closed, "the dripping connection was still open after " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  @Test
  @DisplayName("connections beyond the cap wait to be accepted, and are served once the timeout frees the held ones")
  void connectionCap() throws Exception {
    fixture = new ServerFixture(dir, false, b -> b.maxConnections(4).requestReadTimeout(Duration.ofSeconds(1)));
    for (int i = 0; i < 4; i++) {
      Socket socket = RawHttp.connect(fixture.port());
      held.add(socket);
      RawHttp.send(socket.getOutputStream(), "GET /health HTTP/1.1\r\n"); // holds a connection slot
    }
    Socket waiting = RawHttp.connect(fixture.port()); // the kernel completes the handshake; Jetty does not accept yet
    held.add(waiting);
    RawHttp.send(waiting.getOutputStream(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.port()
        + "\r\nConnection: close\r\n\r\n");
    waiting.setSoTimeout(300);
    try {
      int early = waiting.getInputStream().read();
      throw new AssertionError("a connection beyond the cap was served at once (read " + early + ")");
    } catch (java.net.SocketTimeoutException expected) {
      // not accepted while the cap is reached
    }
    waiting.setSoTimeout(10_000);
    RawHttp.Answer answer = RawHttp.read(waiting.getInputStream());
    assertEquals(200, answer.status(), "served once the held connections were closed by the read timeout");
  }

  @Test
  @DisplayName("a silent connection is closed at the idle timeout even when the read timeout is longer")
  void idleTimeout() throws Exception {
    fixture = new ServerFixture(dir, false, b -> b.requestReadTimeout(Duration.ofSeconds(30)).idleTimeout(Duration.ofSeconds(1)));
    Socket socket = RawHttp.connect(fixture.port());
    held.add(socket);
    socket.setSoTimeout(10_000); // well past the 1 s idle timeout, well inside the 30 s read timeout
    assertTrue(RawHttp.closedByServer(socket), "the silent connection was closed by the idle timeout");
  }
}
