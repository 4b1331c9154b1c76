package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.examples.LocalRepositoryCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every attack of issue 13 against the running server over loopback sockets: each is refused with
 * the right status and a JSON body, and nothing is created, no sandbox made, no agent called.
 */
@Timeout(60)
class HostileRequestsTest {
  private static final String VALID = "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}";

  @TempDir Path dir;
  private ServerFixture fixture;

  private ServerFixture start(UnaryOperator<WorkOrderHttpServer.Builder> config) {
    fixture = new ServerFixture(dir.resolve("sandboxes"), false, config);
    return fixture;
  }

  private ServerFixture start() {
    return start(UnaryOperator.identity());
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private String host() {
    return "127.0.0.1:" + fixture.port();
  }

  private String bearer() {
    return "Authorization: Bearer " + fixture.server.accessToken().value() + "\r\n";
  }

  private String post(String headers, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST /agent-work-orders HTTP/1.1\r\n" + headers + "Content-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n" + body;
  }

  private RawHttp.Answer refused(int status, String field, RawHttp.Answer answer) {
    assertEquals(status, answer.status(), answer.head() + answer.body());
    assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.head());
    assertFalse(answer.json().get("error").asText().isBlank(), answer.body());
    if (field != null) {
      assertEquals(field, answer.json().get("field").asText(), answer.body());
    }
    assertTrue(fixture.untouched(), "a refused request created or started something");
    return answer;
  }

  @ParameterizedTest(name = "Content-Type {0} → 415")
  @CsvSource({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
      "application/json; charset=latin1"})
  @DisplayName("a POST whose body is not declared JSON is a 415, even with a valid token")
  void contentTypeMustBeJson(String type) throws IOException {
    start();
    refused(415, "content_type", RawHttp.exchange(fixture.port(),
        post("Host: " + host() + "\r\n" + bearer() + "Content-Type: " + type + "\r\n", VALID)));
  }

  @Test
  @DisplayName("a POST without any Content-Type is a 415")
  void contentTypeMissing() throws IOException {
    start();
    refused(415, "content_type", RawHttp.exchange(fixture.port(), post("Host: " + host() + "\r\n" + bearer(), VALID)));
  }

  @Test
  @DisplayName("a text/plain POST from a foreign web page (Origin: http://evil.example) is refused")
  void foreignOrigin() throws IOException {
    start();
    refused(403, "origin", RawHttp.exchange(fixture.port(), post("Host: " + host() + "\r\nOrigin: http://evil.example\r\n"
        + "Content-Type: text/plain\r\n", VALID)));
    refused(403, "origin", RawHttp.exchange(fixture.port(), post("Host: " + host() + "\r\n" + bearer()
        + "Origin: http://evil.example\r\nContent-Type: application/json\r\n", VALID)));
    // another server on the same machine is another origin too
    refused(403, "origin", RawHttp.exchange(fixture.port(), post("Host: " + host() + "\r\n" + bearer()
        + "Origin: http://127.0.0.1:1\r\nContent-Type: application/json\r\n", VALID)));
    refused(403, "origin", RawHttp.exchange(fixture.port(), post("Host: " + host() + "\r\n" + bearer()
        + "Sec-Fetch-Site: cross-site\r\nContent-Type: application/json\r\n", VALID)));
  }

  @Test
  @DisplayName("DNS rebinding: a request whose Host is not the listening address is refused, the page included")
  void foreignHost() throws IOException {
    start();
    refused(403, "host", RawHttp.exchange(fixture.port(), post("Host: evil.example\r\n" + bearer()
        + "Content-Type: application/json\r\n", VALID)));
    refused(403, "host", RawHttp.exchange(fixture.port(), "GET / HTTP/1.1\r\nHost: evil.example:" + fixture.port()
        + "\r\nConnection: close\r\n\r\n"));
    refused(403, "host", RawHttp.exchange(fixture.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1:1\r\n"
        + "Connection: close\r\n\r\n"));
  }

  @Test
  @DisplayName("an absolute-form request target naming another host is refused, not served")
  void absoluteFormForeignHost() throws IOException {
    start();
    RawHttp.Answer answer = RawHttp.exchange(fixture.port(), "GET http://evil.example/health HTTP/1.1\r\nHost: "
        + host() + "\r\nConnection: close\r\n\r\n");
    assertTrue(answer.status() == 403 || answer.status() == 400, answer.head());
    refused(answer.status(), null, answer);
    RawHttp.Answer own = RawHttp.exchange(fixture.port(), "GET http://" + host() + "/health HTTP/1.1\r\nHost: "
        + host() + "\r\nConnection: close\r\n\r\n");
    assertEquals(200, own.status(), own.body());
  }

  @Test
  @DisplayName("every API call needs the access token: none is a 401, a wrong one a 403, both as JSON")
  void accessToken() throws IOException {
    start();
    RawHttp.Answer none = refused(401, "authorization", RawHttp.exchange(fixture.port(),
        post("Host: " + host() + "\r\nContent-Type: application/json\r\n", VALID)));
    assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"), none.head());
    refused(403, "authorization", RawHttp.exchange(fixture.port(),
        post("Host: " + host() + "\r\nAuthorization: Bearer wrong-token-of-length-32-xxxxxxxx\r\n"
            + "Content-Type: application/json\r\n", VALID)));
    for (String path : new String[] {"/agent-work-orders", "/agent-work-orders/wo-0badc0de",
        "/agent-work-orders/wo-0badc0de/steps", "/agent-work-orders/wo-0badc0de/events",
        "/agent-work-orders?token=" + fixture.server.accessToken().value()}) {
      refused(401, "authorization", RawHttp.exchange(fixture.port(), "GET " + path + " HTTP/1.1\r\nHost: " + host()
          + "\r\nConnection: close\r\n\r\n"));
    }
    assertEquals(200, RawHttp.exchange(fixture.port(), "GET /health HTTP/1.1\r\nHost: " + host()
        + "\r\nConnection: close\r\n\r\n").status(), "health and the page need no token");
  }

  @Test
  @DisplayName("a bad percent-escape is a 400 in the application's JSON shape, not the server's HTML")
  void badPercentEscape() throws IOException {
    start();
    for (String target : new String[] {"/agent-work-orders/%zz", "/%", "/agent-work-orders?status=%zz",
        "/agent-work-orders/wo-0badc0de/events?token=%e0%"}) {
      RawHttp.Answer answer = RawHttp.exchange(fixture.port(), "GET " + target + " HTTP/1.1\r\nHost: " + host() + "\r\n"
          + bearer() + "Connection: close\r\n\r\n");
      refused(400, null, answer);
      assertFalse(answer.body().contains("<"), answer.body());
    }
  }

  @Test
  @DisplayName("a malformed request line or a negative Content-Length is a 400 as JSON")
  void malformedRequests() throws IOException {
    start();
    refused(400, null, RawHttp.exchange(fixture.port(), "GET /health HTTP/1.1\r\nHost: " + host()
        + "\r\nContent-Length: -1\r\n\r\n"));
    refused(400, null, RawHttp.exchange(fixture.port(), "GARBAGE\r\n\r\n"));
  }

  @Test
  @DisplayName("a 50 MB body gets a readable 413 as JSON, not a connection reset")
  void hugeBody() throws IOException {
    start();
    byte[] head = ("POST /agent-work-orders HTTP/1.1\r\nHost: " + host() + "\r\n" + bearer()
        + "Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = RawHttp.connect(fixture.port())) {
      socket.getOutputStream().write(head);
      byte[] chunk = new byte[64 << 10];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try {
        for (int sent = 0; sent < 52428800; sent += chunk.length) {
          socket.getOutputStream().write(chunk);
        }
      } catch (IOException stoppedListening) {
        // the server may stop reading after its answer; the answer must still be readable
      }
      refused(413, "body", RawHttp.read(socket.getInputStream()));
    }
  }

  @Test
  @DisplayName("a streamed (chunked) body over the cap gets a readable 413 as JSON")
  void hugeChunkedBody() throws IOException {
    start(b -> b.maxBodyBytes(4096));
    StringBuilder request = new StringBuilder("POST /agent-work-orders HTTP/1.1\r\nHost: " + host() + "\r\n" + bearer()
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    String chunk = " ".repeat(1000);
    for (int i = 0; i < 10; i++) {
      request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    request.append("0\r\n\r\n");
    refused(413, "body", RawHttp.exchange(fixture.port(), request.toString()));
  }

  @Test
  @DisplayName("a 1 MB header gets a readable 431 as JSON, not a connection reset")
  void hugeHeader() throws IOException {
    start();
    String request = "GET /health HTTP/1.1\r\nHost: " + host() + "\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n";
    RawHttp.Answer answer = RawHttp.exchange(fixture.port(), request);
    refused(431, "headers", answer);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "trailing garbage                    | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\"} junk | body",
      "two concatenated objects            | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\"}{\"user_request\": \"y\"} | body",
      "a duplicate key                     | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"user_request\": \"y\"} | body",
      "U+0000 in user_request              | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"a\\u0000b\"} | user_request",
      "a lone high surrogate               | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"a\\ud800b\"} | user_request",
      "a lone low surrogate at the end     | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"ab\\udc00\"} | user_request",
      "U+0000 in repository_url            | {\"repository_url\": \"https://github.com/a/b\\u0000\", \"user_request\": \"x\"} | repository_url",
      "U+0000 in workflow                  | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"workflow\": \"a\\u0000\"} | workflow",
      "a budget that is not an object      | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"budget\": 5} | budget",
      "an unknown budget field             | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"budget\": {\"usd\": 5}} | budget.usd",
      "a budget cost that is a string      | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"budget\": {\"max_cost_usd\": \"5\"}} | budget.max_cost_usd",
      "a budget cost of zero               | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"budget\": {\"max_cost_usd\": 0}} | budget.max_cost_usd",
      "a fractional turn budget            | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"budget\": {\"max_turns\": 1.5}} | budget.max_turns",
      "a turn budget of zero               | {\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"x\", \"budget\": {\"max_turns\": 0}} | budget.max_turns",
  })
  @DisplayName("bodies parsed strictly: each is a 400 naming the field, and nothing is created")
  void strictJson(String what, String body, String field) throws IOException {
    start();
    refused(400, field, RawHttp.exchange(fixture.port(), post("Host: " + host() + "\r\n" + bearer()
        + "Content-Type: application/json\r\n", body)));
  }

  @Test
  @DisplayName("a surrogate encoded straight into the UTF-8 bytes (CESU-style) is a 400, not a silent '?'")
  void encodedSurrogate() throws IOException {
    start();
    byte[] prefix = "{\"repository_url\": \"https://github.com/a/b\", \"user_request\": \"a".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 3 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xED;
    body[prefix.length + 1] = (byte) 0xA0;
    body[prefix.length + 2] = (byte) 0x80;
    System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);
    byte[] head = ("POST /agent-work-orders HTTP/1.1\r\nHost: " + host() + "\r\n" + bearer()
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    RawHttp.Answer answer = RawHttp.exchange(fixture.port(), request);
    refused(400, null, answer);
  }

  @Test
  @DisplayName("a repository that does not exist, or is not a git repository, is refused before anything is stored")
  void repositoryMustExist() throws Exception {
    start(b -> b.repositoryCheck(new LocalRepositoryCheck()));
    Path plain = Files.createDirectories(dir.resolve("not-a-repo"));
    for (String repository : new String[] {dir.resolve("missing").toString(), plain.toString(),
        plain.toUri().toString(), "relative/path"}) {
      HttpTestClient.Response r = fixture.http.post("/agent-work-orders",
          "{\"repository_url\": \"" + repository + "\", \"user_request\": \"x\"}");
      assertEquals(400, r.status(), r.body());
      assertEquals("repository_url", r.json().get("field").asText());
      assertTrue(fixture.untouched(), repository);
    }
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Process init = new ProcessBuilder("git", "init", "-q", repo.toString()).redirectErrorStream(true).start();
    assertEquals(0, init.waitFor());
    assertEquals(201, fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"" + repo + "\", \"user_request\": \"x\"}").status());
  }

  @Test
  @DisplayName("a credential pasted into a request is redacted from every answer the server sends")
  void redactedAnswers() throws Exception {
    start();
    String token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0".repeat(2);
    HttpTestClient.Response created = fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"use " + token + " please\"}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("agent_work_order_id").asText();
    assertFalse(created.body().contains(token), "create answer");
    assertFalse(fixture.http.get("/agent-work-orders").body().contains(token), "list");
    assertFalse(fixture.http.get("/agent-work-orders/" + id).body().contains(token), "one");
    try (HttpTestClient.Events events = fixture.http.events("/agent-work-orders/" + id + "/events")) {
      HttpTestClient.Event snapshot = events.next("snapshot");
      assertNotNull(snapshot);
      assertFalse(snapshot.data().toString().contains(token), "event stream");
      assertTrue(snapshot.data().toString().contains("***"), snapshot.data().toString());
    }
  }

  @Test
  @DisplayName("the event stream takes the token as a query parameter (EventSource cannot send headers)")
  void eventStreamTokenInQuery() throws Exception {
    start();
    String id = fixture.http.post("/agent-work-orders", VALID).json().get("agent_work_order_id").asText();
    RawHttp.Answer answer = RawHttp.exchange(fixture.port(), "GET /agent-work-orders/" + id + "/events?token="
        + fixture.server.accessToken().value() + " HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    assertEquals(200, answer.status(), answer.head());
    assertTrue(answer.body().contains("event: snapshot"), answer.body());
  }

  @Test
  @DisplayName("a follow-up prompt is held to the same rules: JSON content type, strict body, no NUL")
  void promptIsStrictToo() throws Exception {
    start();
    String id = fixture.http.post("/agent-work-orders", VALID).json().get("agent_work_order_id").asText();
    String path = "/agent-work-orders/" + id + "/prompt";
    // completes once the listeners (the logs, the SSE hub) have heard the final status too
    fixture.orchestrator.completion(dev.awo.domain.WorkOrderId.of(id)).get(30, java.util.concurrent.TimeUnit.SECONDS);
    int before = fixture.agent.requests().size();
    for (String[] attack : new String[][] {
        {"text/plain", "{\"prompt\": \"hi\"}", "415", "content_type"},
        {"application/json", "{\"prompt\": \"a\\u0000b\"}", "400", "prompt"},
        {"application/json", "{\"prompt\": \"hi\", \"prompt\": \"again\"}", "400", "body"},
        {"application/json", "{\"prompt\": \"hi\"} {}", "400", "body"}}) {
      byte[] body = attack[1].getBytes(StandardCharsets.UTF_8);
      RawHttp.Answer answer = RawHttp.exchange(fixture.port(), "POST " + path + " HTTP/1.1\r\nHost: " + host() + "\r\n"
          + bearer() + "Content-Type: " + attack[0] + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
          + attack[1]);
      assertEquals(Integer.parseInt(attack[2]), answer.status(), attack[1] + " → " + answer.body());
      assertEquals(attack[3], answer.json().get("field").asText(), answer.body());
    }
    assertEquals(before, fixture.agent.requests().size(), "no refused prompt reached the agent");
  }
}
