package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Hand-written HTTP/1.1 over a loopback socket, for requests no well-behaved client sends: foreign
 * Host headers, absolute-form targets, bad escapes, bodies shorter than their Content-Length.
 */
final class RawHttp {
  private RawHttp() {}

  /** A parsed answer: status, raw head, body. */
  record Answer(int status, String head, String body) {
    JsonNode json() {
      try {
        return HttpTestClient.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends {@code request} as is, then reads one answer (the server closes or sends Content-Length). */
  static Answer exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.UTF_8));
  }

  static Answer exchange(int port, byte[] request) throws IOException {
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  /** Reads one answer from {@code in}: the head, then Content-Length bytes (or up to the end). */
  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before a complete answer head: " + head);
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(headText.substring(9, 12));
    Answer partial = new Answer(status, headText, "");
    String length = partial.header("Content-Length");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
      body = readChunked(in);
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, headText, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int chunks = 0; chunks < 10_000; chunks++) {
      String sizeLine = line(in);
      int size = Integer.parseInt(sizeLine.split(";")[0].strip().toLowerCase(Locale.ROOT), 16);
      if (size == 0) {
        line(in);
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      line(in);
    }
    throw new IOException("too many chunks");
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** True when the server closed {@code socket} (end of stream or reset) within its read timeout. */
  static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      for (int i = 0; i < 1_000_000; i++) {
        if (in.read() < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
