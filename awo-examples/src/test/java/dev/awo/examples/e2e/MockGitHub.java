package dev.awo.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback GitHub API for one repository, {@code acme/widgets} with default branch {@code main},
 * just enough for the real {@code gh pr create} (gh 2.23 in plain-http mode: {@code
 * GH_HOST=github.localhost}, {@code HTTP_PROXY=}{@link #proxyUrl()}). Records the pull requests it
 * creates. Thread-safe.
 */
final class MockGitHub implements AutoCloseable {
  static final String HOST = "github.localhost";
  /** The one repository name the mock does not know: GraphQL answers NOT_FOUND, as github.com does. */
  static final String MISSING = "missing";
  static final String REPO_URL = "http://" + HOST + "/acme/widgets";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OPERATION = Pattern.compile("(?:query|mutation)\\s+(\\w+)");

  /** A pull request created through the mock. */
  record CreatedPullRequest(int number, String head, String base, String title, String url) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mock-github");
    t.setDaemon(true);
    return t;
  });
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final List<CreatedPullRequest> created = new CopyOnWriteArrayList<>();
  private final AtomicInteger numbers = new AtomicInteger(100);

  MockGitHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  String proxyUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<CreatedPullRequest> created() {
    return List.copyOf(created);
  }

  List<String> operations() {
    return List.copyOf(operations);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      int status = 200;
      JsonNode reply;
      if (path.endsWith("/graphql")) {
        JsonNode request = JSON.readTree(body);
        Matcher m = OPERATION.matcher(request.path("query").asText(""));
        String operation = m.find() ? m.group(1) : "(anonymous)";
        operations.add(operation);
        reply = graphql(operation, request.path("variables"));
        if (reply == null) {
          status = 400;
          reply = JSON.createObjectNode().put("message", "mock: unexpected GraphQL operation " + operation);
        }
      } else {
        operations.add(exchange.getRequestMethod() + " " + path);
        status = 404;
        reply = JSON.createObjectNode().put("message", "Not Found");
      }
      byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("X-OAuth-Scopes", "repo");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private JsonNode graphql(String operation, JsonNode vars) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode data = root.putObject("data");
    switch (operation) {
      case "RepositoryInfo" -> {
        if (MISSING.equals(vars.path("name").asText())) {
          data.putNull("repository");
          root.putArray("errors").addObject().put("type", "NOT_FOUND").put("message",
              "Could not resolve to a Repository with the name '" + vars.path("owner").asText() + "/" + MISSING + "'.")
              .putArray("path").add("repository");
          return root;
        }
        ObjectNode repo = repository();
        repo.putNull("parent");
        repo.put("mergeCommitAllowed", true).put("rebaseMergeAllowed", true).put("squashMergeAllowed", true);
        data.set("repository", repo);
      }
      case "PullRequestForBranch" -> {
        ObjectNode repo = data.putObject("repository");
        repo.putObject("pullRequests").putArray("nodes");
        repo.putObject("defaultBranchRef").put("name", "main");
      }
      case "PullRequestCreate" -> {
        JsonNode input = vars.path("input");
        int number = numbers.getAndIncrement();
        String url = REPO_URL + "/pull/" + number;
        created.add(new CreatedPullRequest(number, input.path("headRefName").asText(),
            input.path("baseRefName").asText(), input.path("title").asText(), url));
        data.putObject("createPullRequest").putObject("pullRequest").put("id", "PR_" + number).put("url", url);
      }
      case "UserCurrent" -> data.putObject("viewer").put("login", "awo-bot");
      default -> {
        return null;
      }
    }
    return root;
  }

  private static ObjectNode repository() {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", "R_1").put("name", "widgets");
    node.putObject("owner").put("id", "U_acme").put("login", "acme");
    node.put("hasIssuesEnabled", true).put("description", "").put("hasWikiEnabled", false)
        .put("viewerPermission", "ADMIN").put("url", REPO_URL);
    node.putObject("defaultBranchRef").put("name", "main");
    return node;
  }
}
