package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.testkit.WorkflowTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What one poll of {@code GET /agent-work-orders/{id}/steps} costs on the starter for a seven-step
 * history, a full 200 against a 304, on one kept-alive loopback connection to the embedded server.
 * Bytes on the wire are asserted (a 304 costs at most a tenth of a full answer); times are only
 * printed ({@value #POLLS} polls each after {@value #WARM_UP} warm-up polls): a timed harness, not
 * a timing assertion.
 */
@SpringBootTest(classes = ScriptedWebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // Tomcat closes a kept-alive connection after 100 requests by default; one connection polls here
    properties = {"awo.web.enabled=true", "awo.github.enabled=false", "server.tomcat.max-keep-alive-requests=-1"})
class StepsPollCostTest {
  static final int POLLS = 500;
  static final int WARM_UP = 200;

  @LocalServerPort int port;

  @Test
  @Timeout(120)
  void a304CostsAtMostATenthOfAFullAnswer() throws Exception {
    StarterHttp http = new StarterHttp(port);
    String order = "/agent-work-orders/" + http.create(WorkflowTestEnvironment.REPOSITORY_URL, null);
    http.await(order, o -> o.path("status").asText().equals("completed"));
    String path = order + "/steps";
    assertThat(StarterHttp.JSON.readTree(http.get(path).body()).get("steps")).hasSize(7);
    String etag = http.get(path).headers().firstValue("ETag").orElseThrow();
    String full = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
    String conditional = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nIf-None-Match: " + etag + "\r\n\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      long[] ok = measure(socket, full, 200);
      long[] notModified = measure(socket, conditional, 304);
      double ratio = (double) notModified[0] / ok[0];
      System.out.printf(Locale.ROOT, "starter steps poll, 7-step history: 200 = %d B response (%d B request),"
              + " median %.1f us, p90 %.1f us; 304 = %d B response (%d B request), median %.1f us, p90 %.1f us;"
              + " bytes 304/200 = %.3f%n", ok[0], full.length(), ok[1] / 1000.0, ok[2] / 1000.0, notModified[0],
          conditional.length(), notModified[1] / 1000.0, notModified[2] / 1000.0, ratio);
      assertThat(ratio).as(notModified[0] + " bytes for a 304 against " + ok[0] + " for a 200").isLessThanOrEqualTo(0.1);
    }
  }

  /** {response bytes, median ns, p90 ns} of {@value #POLLS} requests after the warm-up. */
  private static long[] measure(Socket socket, String request, int status) throws IOException {
    byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
    OutputStream out = socket.getOutputStream();
    long size = 0;
    long[] nanos = new long[POLLS];
    for (int i = 0; i < WARM_UP + POLLS; i++) {
      long start = System.nanoTime();
      out.write(bytes);
      out.flush();
      size = response(socket.getInputStream(), status);
      if (i >= WARM_UP) {
        nanos[i - WARM_UP] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    return new long[] {size, nanos[POLLS / 2], nanos[POLLS * 9 / 10]};
  }

  /** Reads one response — its head, then a Content-Length or chunked body — and answers its size in bytes. */
  private static long response(InputStream in, int status) throws IOException {
    String head = line(in, "\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 " + status);
    String lower = head.toLowerCase(Locale.ROOT);
    long size = head.length();
    int length = lower.indexOf("\r\ncontent-length:");
    if (length >= 0) {
      int value = Integer.parseInt(lower.substring(length + 17, lower.indexOf("\r\n", length + 2)).strip());
      return size + in.readNBytes(value).length;
    }
    if (lower.contains("\r\ntransfer-encoding: chunked")) {
      for (int chunk = -1; chunk != 0; ) {
        String sizeLine = line(in, "\r\n");
        chunk = Integer.parseInt(sizeLine.strip(), 16);
        size += sizeLine.length() + in.readNBytes(chunk + 2).length;
      }
    }
    return size;
  }

  /** Bytes up to and including {@code end} (bounded: 64 KiB). */
  private static String line(InputStream in, String end) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] tail = end.getBytes(StandardCharsets.US_ASCII);
    byte[] last = new byte[tail.length];
    do {
      int b = in.read();
      if (b < 0 || read.size() > 64 << 10) {
        throw new IOException("the response ended early or its head is too long");
      }
      read.write(b);
      System.arraycopy(last, 1, last, 0, last.length - 1);
      last[last.length - 1] = (byte) b;
    } while (!Arrays.equals(last, tail));
    return read.toString(StandardCharsets.US_ASCII);
  }
}
