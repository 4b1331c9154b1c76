package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrderId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one poll of {@code GET /agent-work-orders/{id}/steps} costs for a seven-step history, a full
 * 200 against a 304, on one kept-alive loopback connection. Bytes are asserted (a 304 costs at most
 * a tenth of a full answer); times are only printed ({@value #POLLS} polls each, after {@value
 * #WARM_UP} warm-up polls) — a timed harness, not a timing assertion.
 */
class StepsPollCostTest {
  static final int POLLS = 500;
  static final int WARM_UP = 200;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void a304CostsAtMostATenthOfAFullAnswer() throws Exception {
    try (DemoRunFixture fixture = new DemoRunFixture(dir, false)) {
      HttpTestClient.Response created = fixture.http.post("/agent-work-orders", "{\"repository_url\": \""
          + fixture.repositoryUrl + "\", \"user_request\": \"Add a greeting flag\"}");
      WorkOrderId id = WorkOrderId.of(created.json().get("agent_work_order_id").asText());
      // completes once the listeners (the logs, the SSE hub) have heard the final status too
      fixture.orchestrator.completion(id).get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(7, fixture.orchestrator.stepHistory(id).size());
      String path = "/agent-work-orders/" + id.value() + "/steps";
      String etag = fixture.http.get(path).header("ETag");
      String token = fixture.server.accessToken().value();
      String host = "127.0.0.1:" + fixture.server.port();
      String full = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
      String conditional = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
          + "\r\nIf-None-Match: " + etag + "\r\n\r\n";
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fixture.server.port())) {
        socket.setSoTimeout(10_000);
        Poll ok = measure(socket, full, 200);
        Poll notModified = measure(socket, conditional, 304);
        double ratio = (double) notModified.responseBytes() / ok.responseBytes();
        System.out.printf(Locale.ROOT, "steps poll, 7-step history: 200 = %d B response (%d B request), median %.1f us,"
                + " p90 %.1f us; 304 = %d B response (%d B request), median %.1f us, p90 %.1f us; bytes 304/200 = %.3f%n",
            ok.responseBytes(), full.length(), ok.medianMicros(), ok.p90Micros(), notModified.responseBytes(),
            conditional.length(), notModified.medianMicros(), notModified.p90Micros(), ratio);
        assertTrue(ratio <= 0.1, "a 304 costs " + notModified.responseBytes() + " bytes against "
            + ok.responseBytes() + " for a full answer");
      }
    }
  }

  record Poll(int responseBytes, double medianMicros, double p90Micros) {}

  private static Poll measure(Socket socket, String request, int status) throws IOException {
    byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
    int size = 0;
    long[] nanos = new long[POLLS];
    for (int i = 0; i < WARM_UP + POLLS; i++) {
      long start = System.nanoTime();
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      size = readResponse(socket.getInputStream(), status);
      if (i >= WARM_UP) {
        nanos[i - WARM_UP] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    return new Poll(size, nanos[POLLS / 2] / 1000.0, nanos[POLLS * 9 / 10] / 1000.0);
  }

  /** Reads one response (head, then Content-Length bytes); returns its size in bytes. */
  private static int readResponse(InputStream in, int status) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection");
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
      if (head.size() > 64 << 10) {
        throw new IOException("the response head is too long");
      }
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("HTTP/1.1 " + status), text);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    byte[] body = in.readNBytes(length);
    assertEquals(length, body.length);
    return head.size() + length;
  }
}
