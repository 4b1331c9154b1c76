package dev.awo.github;

import dev.awo.domain.InvalidInputException;
import dev.awo.github.internal.BranchNames;
import dev.awo.github.internal.GhJson;
import dev.awo.github.internal.GhProcess;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.github.IssueSource;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.PullRequestSpec;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.Arguments;
import dev.awo.spi.process.ProcessResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub ports implemented with the GitHub CLI ({@code gh}, tested with 2.23): verify a
 * repository, read an issue, open a pull request, comment on an issue and edit the comment.
 *
 * <pre>{@code
 * GhCli gh = new GhCli(GhConfig.builder().token(token).build());
 * RepositoryInfo repo = gh.verify("https://github.com/acme/widgets");
 * IssueDetails issue = gh.issue("acme/widgets", 42);
 * PullRequest pr = gh.open(new PullRequestSpec("acme/widgets", "feat-42", repo.defaultBranch(),
 *     "Add a --verbose flag", "Closes #42", false));
 * }</pre>
 *
 * <p>Every call runs gh through the shared process runner with an argument vector (user text is
 * always passed as {@code --flag=value}, so it can never be read as an option), a timeout, and a
 * controlled environment; the token reaches gh only as {@code GH_TOKEN} (or {@code
 * GH_ENTERPRISE_TOKEN}) and is redacted from everything. Failures are {@link GitHubException}s: gh
 * missing is {@link GitHubException.ClientUnavailable}, no credentials {@link
 * GitHubException.NotAuthenticated}, a missing repository or issue {@link GitHubException.NotFound},
 * the rate limit {@link GitHubException.RateLimited}. Arguments are validated before gh runs
 * ({@link InvalidInputException}).
 *
 * <p>This class is thread-safe; calls may run concurrently.
 */
public final class GhCli implements RepositoryVerifier, IssueSource, PullRequestOpener, IssueCommenter {
  private static final Logger LOG = LoggerFactory.getLogger(GhCli.class);
  private static final Pattern PR_URL = Pattern.compile("(https?://\\S+/pull/([0-9]+))");
  private static final String ALREADY_EXISTS = "already exists";

  private final GhProcess gh;

  public GhCli(GhConfig config) {
    this.gh = new GhProcess(Objects.requireNonNull(config, "config"));
  }

  /** A client with the default configuration: {@code gh} on PATH, no token, github.com. */
  public static GhCli withDefaults() {
    return new GhCli(GhConfig.builder().build());
  }

  @Override
  public RepositoryInfo verify(String repositoryUrl) {
    GitHubRepositoryRef ref = GitHubRepositoryRef.parse(repositoryUrl);
    String host = ref.hostOr(gh.defaultHost());
    String json = gh.run(List.of("repo", "view", ref.qualifiedName(host),
        "--json", "name,owner,defaultBranchRef,url"), host, "repository " + ref.fullName(), "verify the repository");
    RepositoryInfo info = GhJson.repository(json, webUrl(host, ref));
    LOG.atDebug().setMessage("repository_verified").addKeyValue("repository", info.fullName())
        .addKeyValue("default_branch", info.defaultBranch()).log();
    return info;
  }

  @Override
  public IssueDetails issue(String repositoryUrl, int number) {
    requireIssueNumber(number);
    GitHubRepositoryRef ref = GitHubRepositoryRef.parse(repositoryUrl);
    String host = ref.hostOr(gh.defaultHost());
    String json = gh.run(List.of("issue", "view", Integer.toString(number), "--repo=" + ref.qualifiedName(host),
        "--json", "number,title,body,state,labels,url"), host,
        "issue #" + number + " in " + ref.fullName(), "read issue #" + number);
    return GhJson.issue(json);
  }

  @Override
  public PullRequest open(PullRequestSpec spec) {
    Objects.requireNonNull(spec, "spec");
    GitHubRepositoryRef ref = GitHubRepositoryRef.parse(spec.repositoryUrl());
    BranchNames.require(spec.head(), "head", true);
    BranchNames.require(spec.base(), "base", false);
    requireSingleLine(spec.title(), "title");
    String host = ref.hostOr(gh.defaultHost());
    List<String> args = new ArrayList<>(List.of("pr", "create", "--repo=" + ref.qualifiedName(host),
        "--head=" + spec.head(), "--base=" + spec.base(), "--title=" + spec.title(), "--body=" + spec.body()));
    if (spec.draft()) {
      args.add("--draft");
    }
    String subject = "repository " + ref.fullName();
    ProcessResult result = gh.runRaw(args, host);
    if (!result.succeeded()) {
      String stderr = result.stderr();
      Matcher existing = PR_URL.matcher(stderr);
      if (!result.timedOut() && stderr.contains(ALREADY_EXISTS) && existing.find()) {
        PullRequest pr = new PullRequest(Integer.parseInt(existing.group(2)), existing.group(1), true);
        LOG.atInfo().setMessage("pull_request_found_existing").addKeyValue("url", pr.url()).log();
        return pr;
      }
      throw dev.awo.github.internal.GhFailures.of(result, subject, "open a pull request from " + spec.head());
    }
    Matcher created = lastPullRequestUrl(result.stdout());
    if (created == null) {
      throw new GitHubException("gh pr create succeeded but printed no pull request URL: "
          + Arguments.excerpt(result.stdout()));
    }
    PullRequest pr = new PullRequest(Integer.parseInt(created.group(2)), created.group(1), false);
    LOG.atInfo().setMessage("pull_request_opened").addKeyValue("url", pr.url()).log();
    return pr;
  }

  @Override
  public long comment(String repositoryUrl, int issueNumber, String body) {
    requireIssueNumber(issueNumber);
    Arguments.requireText(body, "body");
    GitHubRepositoryRef ref = GitHubRepositoryRef.parse(repositoryUrl);
    String host = ref.hostOr(gh.defaultHost());
    String json = GhJson.httpBody(gh.run(List.of("api", "--hostname=" + host, "--include", "--method=POST",
        "repos/" + ref.fullName() + "/issues/" + issueNumber + "/comments", "--raw-field=body=" + body), host,
        "issue #" + issueNumber + " in " + ref.fullName(), "comment on issue #" + issueNumber));
    return GhJson.id(json, "comment");
  }

  @Override
  public void update(String repositoryUrl, long commentId, String body) {
    if (commentId <= 0) {
      throw new InvalidInputException("commentId", "must be positive, got " + commentId);
    }
    Arguments.requireText(body, "body");
    GitHubRepositoryRef ref = GitHubRepositoryRef.parse(repositoryUrl);
    String host = ref.hostOr(gh.defaultHost());
    gh.run(List.of("api", "--hostname=" + host, "--include", "--method=PATCH",
        "repos/" + ref.fullName() + "/issues/comments/" + commentId, "--raw-field=body=" + body), host,
        "comment " + commentId + " in " + ref.fullName(), "update comment " + commentId);
  }

  private static Matcher lastPullRequestUrl(String stdout) {
    Matcher m = PR_URL.matcher(stdout);
    Matcher last = null;
    int from = 0;
    while (m.find(from)) {
      last = PR_URL.matcher(stdout);
      last.find(m.start());
      from = m.end();
    }
    return last;
  }

  private static void requireIssueNumber(int number) {
    if (number <= 0) {
      throw new InvalidInputException("issueNumber", "must be a positive number, got " + number);
    }
  }

  private static void requireSingleLine(String text, String field) {
    Arguments.requireText(text, field);
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new InvalidInputException(field, "must be a single line");
    }
  }

  private static String webUrl(String host, GitHubRepositoryRef ref) {
    String scheme = host.endsWith("github.localhost") ? "http" : "https";
    return scheme + "://" + host + "/" + ref.fullName();
  }
}
