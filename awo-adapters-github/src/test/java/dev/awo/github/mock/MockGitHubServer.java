package dev.awo.github.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the GitHub API as gh 2.23 talks to it in plain-http mode: gh runs with
 * {@code GH_HOST=github.localhost}, {@code GH_TOKEN=...} and {@code HTTP_PROXY=}{@link #proxyUrl()}
 * and sends proxy-style requests for {@code http://api.github.localhost/graphql} and {@code
 * /repos/...} here.
 *
 * <p>It answers the GraphQL operations gh sends ({@code RepositoryInfo}, {@code IssueByNumber},
 * {@code PullRequestForBranch}, {@code PullRequestCreate}, {@code UserCurrent}) and the REST comment
 * endpoints from repositories, issues, pull requests and comments held in memory; records every
 * request and every created object; and can be scripted to fail ({@link #failNext}).
 *
 * <p>Thread-safe: the HTTP threads and the test thread share state under this object's lock.
 */
public final class MockGitHubServer implements AutoCloseable {
  /** The host gh is pointed at; its API host is {@code api.github.localhost}. */
  public static final String HOST = "github.localhost";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OPERATION = Pattern.compile("(?:query|mutation)\\s+(\\w+)");
  private static final Pattern ISSUE_COMMENTS = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
  private static final Pattern COMMENT = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)");
  private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");

  /** A failure the server can be told to answer with. */
  public enum Failure {
    NOT_FOUND(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}"),
    RATE_LIMITED(403, "{\"message\":\"API rate limit exceeded for user ID 1.\","
        + "\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\"}"),
    UNAUTHORIZED(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}"),
    SERVER_ERROR(500, "{\"message\":\"Server Error\"}");

    final int status;
    final String body;

    Failure(int status, String body) {
      this.status = status;
      this.body = body;
    }
  }

  /** One request as received. {@code operation} is the GraphQL operation name, or null for REST. */
  public record RecordedRequest(String method, String path, String operation, String authorization, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A repository. */
  public record Repo(String id, String owner, String name, String defaultBranch) {}

  /** An issue. */
  public record Issue(String owner, String repo, int number, String title, String body, String state, List<String> labels) {}

  /** A pull request, existing or created through the mock. */
  public record PullRequest(String owner, String repo, int number, String head, String base, String title,
      String body, boolean draft, String url) {}

  /** A comment and every body it has had, the first being the one it was created with. */
  public record Comment(long id, String owner, String repo, int issueNumber, List<String> bodies) {
    public String body() {
      return bodies.get(bodies.size() - 1);
    }

    public int edits() {
      return bodies.size() - 1;
    }
  }

  private record Scripted(Failure failure, Predicate<RecordedRequest> which, AtomicInteger remaining) {}

  private final HttpServer server;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Repo> repos = new LinkedHashMap<>();
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final List<PullRequest> pullRequests = new ArrayList<>();
  private final List<PullRequest> createdPullRequests = new ArrayList<>();
  private final Map<Long, List<String>> commentBodies = new LinkedHashMap<>();
  private final Map<Long, Comment> comments = new LinkedHashMap<>();
  private final List<Scripted> scripted = new ArrayList<>();
  private final AtomicLong nextCommentId = new AtomicLong(9000);
  private final AtomicInteger nextNumber = new AtomicInteger(100);
  private volatile long rateLimitReset = 1_900_000_000L;

  private MockGitHubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mock-github");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** Starts a server on an ephemeral loopback port. */
  public static MockGitHubServer start() {
    try {
      return new MockGitHubServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the mock GitHub server", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The value for gh's {@code HTTP_PROXY}. */
  public String proxyUrl() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ---- state set-up and inspection -------------------------------------------------------------

  public synchronized Repo addRepository(String owner, String name, String defaultBranch) {
    Repo repo = new Repo("R_" + (repos.size() + 1), owner, name, defaultBranch);
    repos.put(key(owner, name), repo);
    return repo;
  }

  public synchronized Issue addIssue(String owner, String repo, int number, String title, String body,
      String state, List<String> labels) {
    Issue issue = new Issue(owner, repo, number, title, body, state, List.copyOf(labels));
    issues.put(key(owner, repo) + "#" + number, issue);
    return issue;
  }

  /** An open pull request that exists before the test runs. */
  public synchronized PullRequest addPullRequest(String owner, String repo, int number, String head, String base) {
    PullRequest pr = new PullRequest(owner, repo, number, head, base, "existing", "", false, webUrl(owner, repo) + "/pull/" + number);
    pullRequests.add(pr);
    return pr;
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The GraphQL operation names received, in order. */
  public List<String> operations() {
    return requests.stream().map(r -> r.operation() == null ? r.method() + " " + r.path() : r.operation()).toList();
  }

  public synchronized List<PullRequest> createdPullRequests() {
    return List.copyOf(createdPullRequests);
  }

  public synchronized List<Comment> comments() {
    return comments.values().stream()
        .map(c -> new Comment(c.id(), c.owner(), c.repo(), c.issueNumber(), List.copyOf(commentBodies.get(c.id()))))
        .toList();
  }

  /** The next {@code times} requests matching {@code which} are answered with {@code failure}. */
  public synchronized void failNext(Failure failure, Predicate<RecordedRequest> which, int times) {
    scripted.add(new Scripted(failure, which, new AtomicInteger(times)));
  }

  /** Every request matching {@code which} is answered with {@code failure} until {@link #clearFailures()}. */
  public synchronized void failAlways(Failure failure, Predicate<RecordedRequest> which) {
    failNext(failure, which, Integer.MAX_VALUE);
  }

  /**
   * From now on {@code PullRequestCreate} refuses, as GitHub does, a head branch for which {@code
   * exists} is false (e.g. one never pushed to the git remote the test serves).
   */
  public synchronized void requireHeadBranch(Predicate<String> exists) {
    this.headExists = java.util.Objects.requireNonNull(exists, "exists");
  }

  public synchronized void clearFailures() {
    scripted.clear();
  }

  /** Requests to the REST comment endpoints. */
  public static Predicate<RecordedRequest> commentRequests() {
    return r -> r.path().contains("/comments");
  }

  /** Any request. */
  public static Predicate<RecordedRequest> anyRequest() {
    return r -> true;
  }

  public static String webUrl(String owner, String repo) {
    return "http://" + HOST + "/" + owner + "/" + repo;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String path = exchange.getRequestURI().getPath();
      String operation = null;
      if (path.equals("/graphql") || path.equals("/api/graphql")) {
        Matcher m = OPERATION.matcher(JSON.readTree(body).path("query").asText(""));
        operation = m.find() ? m.group(1) : "(anonymous)";
      }
      RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), path, operation,
          exchange.getRequestHeaders().getFirst("Authorization"), body);
      requests.add(request);
      Reply reply = scriptedFailure(request);
      if (reply == null && (request.authorization() == null || request.authorization().isBlank())) {
        reply = new Reply(401, "{\"message\":\"Requires authentication\","
            + "\"documentation_url\":\"https://docs.github.com/rest\"}", Map.of());
      }
      if (reply == null) {
        reply = operation != null ? graphql(operation, request.json()) : rest(request);
      }
      byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("X-OAuth-Scopes", "repo, read:org");
      reply.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(reply.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private record Reply(int status, String body, Map<String, String> headers) {
    static Reply ok(JsonNode node) {
      return new Reply(200, node.toString(), Map.of());
    }
  }

  private synchronized Reply scriptedFailure(RecordedRequest request) {
    for (Scripted s : scripted) {
      if (s.remaining().get() > 0 && s.which().test(request)) {
        s.remaining().decrementAndGet();
        Map<String, String> headers = new LinkedHashMap<>();
        if (s.failure() == Failure.RATE_LIMITED) {
          headers.put("X-RateLimit-Limit", "5000");
          headers.put("X-RateLimit-Remaining", "0");
          headers.put("X-RateLimit-Reset", Long.toString(rateLimitReset));
        }
        return new Reply(s.failure().status, s.failure().body, headers);
      }
    }
    return null;
  }

  private synchronized Reply graphql(String operation, JsonNode request) {
    JsonNode vars = request.path("variables");
    return switch (operation) {
      case "RepositoryInfo" -> repositoryInfo(vars.path("owner").asText(), vars.path("name").asText());
      case "IssueByNumber" -> issueByNumber(vars.path("owner").asText(), vars.path("repo").asText(),
          vars.path("number").asInt());
      case "PullRequestForBranch" -> pullRequestForBranch(vars.path("owner").asText(), vars.path("repo").asText(),
          vars.path("headRefName").asText());
      case "PullRequestCreate" -> pullRequestCreate(vars.path("input"));
      case "UserCurrent" -> okData("viewer", JSON.createObjectNode().put("login", "awo-bot"));
      default -> new Reply(400, "{\"message\":\"mock: unexpected GraphQL operation " + operation + "\"}", Map.of());
    };
  }

  private Reply repositoryInfo(String owner, String name) {
    Repo repo = repos.get(key(owner, name));
    if (repo == null) {
      return notResolved("repository", "Could not resolve to a Repository with the name '" + owner + "/" + name + "'.",
          "repository");
    }
    ObjectNode node = repoNode(repo);
    node.putNull("parent");
    node.put("mergeCommitAllowed", true).put("rebaseMergeAllowed", true).put("squashMergeAllowed", true);
    return okData("repository", node);
  }

  private ObjectNode repoNode(Repo repo) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", repo.id()).put("name", repo.name());
    node.putObject("owner").put("id", "U_" + repo.owner()).put("login", repo.owner());
    node.put("hasIssuesEnabled", true).put("description", "").put("hasWikiEnabled", false)
        .put("viewerPermission", "ADMIN").put("url", webUrl(repo.owner(), repo.name()));
    if (repo.defaultBranch() == null) {
      node.putNull("defaultBranchRef");
    } else {
      node.putObject("defaultBranchRef").put("name", repo.defaultBranch());
    }
    return node;
  }

  private Reply issueByNumber(String owner, String name, int number) {
    if (!repos.containsKey(key(owner, name))) {
      return notResolved("repository", "Could not resolve to a Repository with the name '" + owner + "/" + name + "'.",
          "repository");
    }
    Issue issue = issues.get(key(owner, name) + "#" + number);
    ObjectNode repository = JSON.createObjectNode().put("hasIssuesEnabled", true);
    if (issue == null) {
      repository.putNull("issue");
      ObjectNode root = JSON.createObjectNode();
      root.putObject("data").set("repository", repository);
      root.putArray("errors").addObject().put("type", "NOT_FOUND")
          .put("message", "Could not resolve to an issue or pull request with the number of " + number + ".")
          .putArray("path").add("repository").add("issue");
      return new Reply(200, root.toString(), Map.of());
    }
    ObjectNode node = repository.putObject("issue");
    node.put("__typename", "Issue").put("number", issue.number()).put("title", issue.title())
        .put("body", issue.body()).put("state", issue.state())
        .put("url", webUrl(owner, name) + "/issues/" + number).put("id", "I_" + number);
    ObjectNode labels = node.putObject("labels");
    ArrayNode nodes = labels.putArray("nodes");
    for (String label : issue.labels()) {
      nodes.addObject().put("id", "L_" + label).put("name", label).put("description", "").put("color", "ededed");
    }
    labels.put("totalCount", issue.labels().size());
    return okData("repository", repository);
  }

  private Reply pullRequestForBranch(String owner, String name, String head) {
    Repo repo = repos.get(key(owner, name));
    if (repo == null) {
      return notResolved("repository", "Could not resolve to a Repository with the name '" + owner + "/" + name + "'.",
          "repository");
    }
    ObjectNode repository = JSON.createObjectNode();
    ArrayNode nodes = repository.putObject("pullRequests").putArray("nodes");
    for (PullRequest pr : pullRequests) {
      if (pr.owner().equals(owner) && pr.repo().equals(name) && pr.head().equals(head)) {
        ObjectNode n = nodes.addObject();
        n.put("url", pr.url()).put("id", "PR_" + pr.number()).put("number", pr.number())
            .put("state", closed.contains(pr.number()) ? "CLOSED" : "OPEN")
            .put("baseRefName", pr.base()).put("headRefName", pr.head()).put("isCrossRepository", false);
        n.putObject("headRepositoryOwner").put("id", "U_" + owner).put("login", owner).put("name", owner);
      }
    }
    repository.putObject("defaultBranchRef").put("name", repo.defaultBranch());
    return okData("repository", repository);
  }

  private Predicate<String> headExists = head -> true;
  private final java.util.Set<Integer> closed = new java.util.HashSet<>();

  /** Marks pull request {@code number} closed (unmerged); lookups then report state CLOSED. */
  public synchronized void closePullRequest(int number) {
    closed.add(number);
  }

  private Reply pullRequestCreate(JsonNode input) {
    if (!headExists.test(input.path("headRefName").asText())) {
      ObjectNode root = JSON.createObjectNode();
      root.putObject("data").putNull("createPullRequest");
      root.putArray("errors").addObject().put("type", "UNPROCESSABLE").put("message", "Head sha can't be blank, "
          + "Base sha can't be blank, No commits between " + input.path("baseRefName").asText() + " and "
          + input.path("headRefName").asText() + ", Head ref must be a branch").putArray("path").add("createPullRequest");
      return new Reply(200, root.toString(), Map.of());
    }
    Repo repo = repos.values().stream().filter(r -> r.id().equals(input.path("repositoryId").asText()))
        .findFirst().orElse(null);
    if (repo == null) {
      return notResolved("createPullRequest", "Could not resolve to a node with the global id of '"
          + input.path("repositoryId").asText() + "'", "createPullRequest");
    }
    int number = nextNumber.getAndIncrement();
    PullRequest pr = new PullRequest(repo.owner(), repo.name(), number, input.path("headRefName").asText(),
        input.path("baseRefName").asText(), input.path("title").asText(), input.path("body").asText(),
        input.path("draft").asBoolean(), webUrl(repo.owner(), repo.name()) + "/pull/" + number);
    pullRequests.add(pr);
    createdPullRequests.add(pr);
    ObjectNode created = JSON.createObjectNode();
    created.putObject("pullRequest").put("id", "PR_" + number).put("url", pr.url());
    return okData("createPullRequest", created);
  }

  private synchronized Reply rest(RecordedRequest request) {
    String method = request.method();
    Matcher m;
    if ((m = ISSUE_COMMENTS.matcher(request.path())).matches() && method.equals("POST")) {
      String owner = m.group(1);
      String name = m.group(2);
      int number = Integer.parseInt(m.group(3));
      if (!issues.containsKey(key(owner, name) + "#" + number)) {
        return new Reply(404, Failure.NOT_FOUND.body, Map.of());
      }
      long id = nextCommentId.getAndIncrement();
      String body = request.json().path("body").asText();
      commentBodies.put(id, new ArrayList<>(List.of(body)));
      comments.put(id, new Comment(id, owner, name, number, List.of()));
      return new Reply(201, commentJson(id, owner, name, number, body), Map.of());
    }
    if ((m = COMMENT.matcher(request.path())).matches() && method.equals("PATCH")) {
      long id = Long.parseLong(m.group(3));
      Comment comment = comments.get(id);
      if (comment == null || !comment.owner().equals(m.group(1)) || !comment.repo().equals(m.group(2))) {
        return new Reply(404, Failure.NOT_FOUND.body, Map.of());
      }
      String body = request.json().path("body").asText();
      commentBodies.get(id).add(body);
      return new Reply(200, commentJson(id, comment.owner(), comment.repo(), comment.issueNumber(), body), Map.of());
    }
    if ((m = REPO.matcher(request.path())).matches() && method.equals("GET")) {
      Repo repo = repos.get(key(m.group(1), m.group(2)));
      return repo == null ? new Reply(404, Failure.NOT_FOUND.body, Map.of())
          : new Reply(200, JSON.createObjectNode().put("id", 1).put("name", repo.name())
              .put("full_name", repo.owner() + "/" + repo.name()).put("default_branch", repo.defaultBranch()).toString(),
              Map.of());
    }
    if (request.path().equals("/") && method.equals("GET")) {
      return new Reply(200, "{}", Map.of());
    }
    return new Reply(404, Failure.NOT_FOUND.body, Map.of());
  }

  private static String commentJson(long id, String owner, String name, int number, String body) {
    return JSON.createObjectNode().put("id", id).put("body", body)
        .put("html_url", webUrl(owner, name) + "/issues/" + number + "#issuecomment-" + id)
        .put("url", "http://api." + HOST + "/repos/" + owner + "/" + name + "/issues/comments/" + id).toString();
  }

  private static Reply notResolved(String field, String message, String path) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("data").putNull(field);
    root.putArray("errors").addObject().put("type", "NOT_FOUND").put("message", message).putArray("path").add(path);
    return new Reply(200, root.toString(), Map.of());
  }

  private static Reply okData(String field, JsonNode value) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("data").set(field, value);
    return Reply.ok(root);
  }

  private static String key(String owner, String name) {
    return owner.toLowerCase(java.util.Locale.ROOT) + "/" + name.toLowerCase(java.util.Locale.ROOT);
  }
}
