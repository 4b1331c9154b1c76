package dev.awo.examples;

import dev.awo.core.KeptSandboxLimits;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.StuckDetection;
import dev.awo.domain.SandboxType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runner's command line, parsed and checked. Every problem is a {@link UsageException} with a
 * one-line message.
 *
 * @param repository a repository URL or absolute path, or null for the embedded demo repository
 * @param request the user request, or null when an issue stands in for it
 * @param issueNumber a GitHub issue to work on, or null
 * @param agent {@code demo} or {@code claude}
 * @param sandboxType where the agent works
 * @param store {@code memory} or a JDBC URL
 * @param workDir the working directory, or null for a new temporary one
 * @param servePort the port of the live endpoints, or null for none
 * @param jsonlEvents print one JSON object per listener event instead of the progress lines
 * @param workflowFile a workflow definition (JSON) to run instead of the default, or null
 * @param help print the usage and exit
 * @param model the agent's model for every step, or null for the agent's default
 * @param maxTurns the agent's turn limit per step, or null for none
 * @param stepTimeout how long one agent step may run, or null for the default (30 minutes)
 * @param userGitConfig let git read the user's own git configuration
 * @param keptSandboxes under {@code --serve}, the bounds on sandboxes kept for follow-up prompts
 * @param limits the work order's budget and the stuck detection asked for
 */
public record RunnerOptions(
    String repository,
    String request,
    Integer issueNumber,
    String agent,
    SandboxType sandboxType,
    String store,
    Path workDir,
    Integer servePort,
    boolean jsonlEvents,
    Path workflowFile,
    boolean help,
    String model,
    Integer maxTurns,
    java.time.Duration stepTimeout,
    boolean userGitConfig,
    KeptSandboxLimits keptSandboxes,
    RunLimits limits) {

  /** What the demo agent is asked when no request is given. */
  public static final String DEFAULT_REQUEST = "Add a greeting for new contributors to the README";

  public static final String USAGE = """
      Usage: java -jar awo-examples.jar [options]

      Runs one agent work order through the seven-step workflow and shows every step the moment it
      is saved. With no options: a demo repository with a local "remote" in a new temporary
      directory, worked on by the demo agent (a deterministic stand-in, not an AI).

      Options:
        --repo URL|PATH        repository to work on (https://, ssh://, git@host:path, file://, absolute path)
        --request TEXT         what the agent should do (default for the demo: "%s")
        --issue N              a GitHub issue to work on (read with gh)
        --agent demo|claude    demo: deterministic stand-in (default); claude: Claude Code CLI, PRs with gh
        --sandbox branch|worktree
                               a clone of its own (default), or a worktree of a shared mirror
        --store memory|jdbc:URL
                               where work orders and step histories are kept (default: memory),
                               e.g. jdbc:h2:/tmp/awo-store or jdbc:postgresql://host/db?user=u&password=p
        --workdir DIR          working directory for the demo repository and sandboxes (default: new temp dir)
        --serve PORT           serve the live endpoints and page on http://127.0.0.1:PORT/ and keep
                               serving after the run until interrupted (Ctrl-C); without --repo,
                               --request and --issue: serve the --store as it is and start nothing
        --events jsonl         print one JSON object per listener event instead of progress lines
        --workflow FILE        run the workflow defined in this JSON file instead of the default; while it
                               waits at a human gate, type a decision and Enter: a [GATE] approves,
                               r [GATE] REASON rejects, c cancels (on a terminal; else decide over HTTP)
        --model NAME           the agent's model for every step (default: sonnet)
        --max-turns N          the agent's turn limit per step (default: none)
        --step-timeout TIME    how long one agent step may run, e.g. 45m, 90s, 2h (default: 30m)
        --max-cost USD         stop the work order's agent once it has cost more than this many US dollars,
                               all steps and retries together, e.g. 2.50 (default: no limit); the
                               running cost is estimated from the tokens until the agent reports it
        --max-total-turns N    stop the agent once the work order has taken more than N turns in all
        --stuck-repeats N      stop an agent that makes the same tool call N times in a row (default: 5;
                               0: never)
        --stuck-silence TIME   stop an agent that prints nothing for this long, e.g. 10m (default: 10m;
                               off: never)
        --user-git-config      let git use your own git configuration (credential helpers, url.insteadOf,
                               http.sslCAInfo); by default awo's git reads none of it
        --keep-sandboxes N     with --serve: keep at most N finished work orders' sandboxes for follow-up
                               prompts, least recently used removed first (default: 100)
        --keep-idle TIME       with --serve: remove a kept sandbox unused for this long, e.g. 30m, 4h (default: 24h)
        --keep-disk SIZE       with --serve: kept sandboxes take at most this much disk together,
                               e.g. 500m, 5g (default: not measured)
        --help                 print this help

      Exit status: 0 when the work order completed (on GitHub: its pull request exists), 1 when it failed
      or was cancelled, 2 for a bad command line or a repository, issue or agent that cannot be used.

      Environment:
        GH_TOKEN or GITHUB_TOKEN  the GitHub token, used for cloning and pushing https repositories on
                               GitHub, for awo's gh calls and by the agent (git push, gh pr create);
                               without one, the token of a logged-in gh (gh auth login) is used
        GH_HOST                a GitHub Enterprise host instead of github.com
        SSH_AUTH_SOCK          the ssh agent for ssh remotes (known hosts from ~/.ssh/known_hosts)
        HTTPS_PROXY, HTTP_PROXY, NO_PROXY (either case)  the proxy route, for git, gh and the agent
        ANTHROPIC_API_KEY (or a logged-in claude), ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN,
        NODE_EXTRA_CA_CERTS, CLAUDE_CODE_USE_BEDROCK / CLAUDE_CODE_USE_VERTEX with their AWS_* or
        CLOUD_ML_REGION / ANTHROPIC_VERTEX_PROJECT_ID / GOOGLE_* settings, API_TIMEOUT_MS,
        CLAUDE_CODE_MAX_RETRIES   passed to the Claude Code CLI as they are
        AWO_CLAUDE_CLI         the claude program (default: claude on the PATH)
        AWO_GH_CLI             the gh program (default: gh on the PATH)
      """.formatted(DEFAULT_REQUEST);

  /** Parses {@code args}; throws {@link UsageException} for anything it cannot use. */
  public static RunnerOptions parse(String... args) {
    String repository = null;
    String request = null;
    Integer issue = null;
    String agent = "demo";
    SandboxType sandbox = SandboxType.GIT_BRANCH;
    String store = "memory";
    Path workDir = null;
    Integer port = null;
    boolean jsonl = false;
    Path workflow = null;
    boolean help = false;
    String model = null;
    Integer maxTurns = null;
    java.time.Duration stepTimeout = null;
    boolean userGitConfig = false;
    KeptSandboxLimits kept = KeptSandboxLimits.DEFAULT;
    java.math.BigDecimal maxCost = null;
    Integer maxTotalTurns = null;
    Integer stuckRepeats = null;
    java.time.Duration stuckSilence = null;
    boolean silenceGiven = false;
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String option = arg;
      String inlineValue = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        option = arg.substring(0, eq);
        inlineValue = arg.substring(eq + 1);
      }
      if (option.equals("--help") || option.equals("-h")) {
        help = true;
        continue;
      }
      if (option.equals("--user-git-config") && inlineValue == null) {
        userGitConfig = true;
        continue;
      }
      if (!option.startsWith("--")) {
        throw new UsageException("Unexpected argument '" + excerpt(arg) + "'; options start with --, see --help");
      }
      if (seen.contains(option)) {
        throw new UsageException("Option " + option + " is given twice");
      }
      seen.add(option);
      String value;
      if (inlineValue != null) {
        value = inlineValue;
      } else if (i + 1 < args.length && !knownOption(args[i + 1])) {
        value = args[++i];
      } else {
        value = null;
      }
      switch (option) {
        case "--repo" -> repository = required(option, value);
        case "--request" -> request = required(option, value);
        case "--issue" -> issue = positiveInt(option, value);
        case "--agent" -> agent = oneOf(option, value, "demo", "claude");
        case "--sandbox" -> sandbox = oneOf(option, value, "branch", "worktree").equals("branch")
            ? SandboxType.GIT_BRANCH : SandboxType.GIT_WORKTREE;
        case "--store" -> store = store(required(option, value));
        case "--workdir" -> workDir = path(option, value);
        case "--serve" -> port = port(value);
        case "--events" -> jsonl = oneOf(option, value, "jsonl").equals("jsonl");
        case "--workflow" -> workflow = path(option, value);
        case "--model" -> model = model(required(option, value));
        case "--max-turns" -> maxTurns = positiveInt(option, value);
        case "--step-timeout" -> stepTimeout = duration(option, value);
        case "--keep-sandboxes" -> kept = new KeptSandboxLimits(positiveInt(option, value), kept.maxIdle(), kept.maxBytes());
        case "--keep-idle" -> kept = new KeptSandboxLimits(kept.maxCount(), duration(option, value), kept.maxBytes());
        case "--keep-disk" -> kept = new KeptSandboxLimits(kept.maxCount(), kept.maxIdle(), bytes(option, value));
        case "--max-cost" -> maxCost = dollars(option, value);
        case "--max-total-turns" -> maxTotalTurns = positiveInt(option, value);
        case "--stuck-repeats" -> stuckRepeats = repeats(option, value);
        case "--stuck-silence" -> {
          silenceGiven = true;
          stuckSilence = "off".equals(value) ? null : duration(option, value);
        }
        default -> throw new UsageException("Unknown option " + option + "; see --help");
      }
    }
    if (request != null && request.isBlank()) {
      throw new UsageException("--request must not be blank");
    }
    if (repository != null && request == null && issue == null) {
      throw new UsageException("--repo needs --request TEXT or --issue N: say what the agent should do");
    }
    if (agent.equals("demo") && (model != null || maxTurns != null || stepTimeout != null)) {
      throw new UsageException("--model, --max-turns and --step-timeout are for --agent claude");
    }
    if (port == null && !kept.equals(KeptSandboxLimits.DEFAULT)) {
      throw new UsageException("--keep-sandboxes, --keep-idle and --keep-disk are for --serve (only it keeps sandboxes)");
    }
    StuckDetection stuck = stuckRepeats == null && !silenceGiven ? null : new StuckDetection(
        stuckRepeats != null ? stuckRepeats : StuckDetection.DEFAULT.repeatedToolCalls(),
        silenceGiven ? stuckSilence : StuckDetection.DEFAULT.silence());
    return new RunnerOptions(repository, request, issue, agent, sandbox, store, workDir, port, jsonl, workflow, help,
        model, maxTurns, stepTimeout, userGitConfig, kept, new RunLimits(Budget.of(maxCost, maxTotalTurns), stuck));
  }

  /**
   * True for {@code --serve} without {@code --repo}, {@code --request} or {@code --issue}: serve the
   * store's work orders (and let the page create new ones) without starting one.
   */
  public boolean browseOnly() {
    return servePort != null && repository == null && request == null && issueNumber == null;
  }

  /** The request text to submit: the given one, or a stand-in when only an issue is named. */
  public String effectiveRequest() {
    if (request != null) {
      return request;
    }
    return issueNumber != null ? "Resolve GitHub issue #" + issueNumber : DEFAULT_REQUEST;
  }

  private static final List<String> OPTIONS = List.of("--repo", "--request", "--issue", "--agent", "--sandbox",
      "--store", "--workdir", "--serve", "--events", "--workflow", "--help", "--model", "--max-turns",
      "--step-timeout", "--user-git-config", "--keep-sandboxes", "--keep-idle", "--keep-disk", "--max-cost",
      "--max-total-turns", "--stuck-repeats", "--stuck-silence");
  private static final java.util.regex.Pattern MODEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\[\\]@-]{0,127}");
  private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]{1,7})(s|m|h)");

  private static boolean knownOption(String arg) {
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    return OPTIONS.contains(name) || arg.equals("-h");
  }

  private static String required(String option, String value) {
    if (value == null || value.isEmpty()) {
      throw new UsageException("Option " + option + " needs a value; see --help");
    }
    return value;
  }

  private static int positiveInt(String option, String value) {
    String text = required(option, value);
    try {
      int n = Integer.parseInt(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " expects a positive whole number, got '" + excerpt(text) + "'");
  }

  private static final java.util.regex.Pattern DOLLARS = java.util.regex.Pattern.compile("\\$?([0-9]{1,7}(\\.[0-9]{1,6})?)");

  private static java.math.BigDecimal dollars(String option, String value) {
    java.util.regex.Matcher m = DOLLARS.matcher(required(option, value));
    if (m.matches() && new java.math.BigDecimal(m.group(1)).signum() > 0) {
      return new java.math.BigDecimal(m.group(1));
    }
    throw new UsageException(option + " expects an amount of US dollars more than 0 such as 2.50, got '"
        + excerpt(value) + "'");
  }

  private static int repeats(String option, String value) {
    String text = required(option, value);
    if (text.matches("0|[2-9]|[1-9][0-9]{1,3}")) {
      return Integer.parseInt(text);
    }
    throw new UsageException(option + " expects 0 (never) or a number of calls from 2 to 9999, got '"
        + excerpt(text) + "'");
  }

  private static String model(String value) {
    if (!MODEL.matcher(value).matches()) {
      throw new UsageException("--model expects a model name or alias such as sonnet or claude-sonnet-4-5, got '"
          + excerpt(value) + "'");
    }
    return value;
  }

  private static java.time.Duration duration(String option, String value) {
    java.util.regex.Matcher m = DURATION.matcher(required(option, value));
    if (m.matches() && Long.parseLong(m.group(1)) > 0) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> java.time.Duration.ofSeconds(n);
        case "m" -> java.time.Duration.ofMinutes(n);
        default -> java.time.Duration.ofHours(n);
      };
    }
    throw new UsageException(option + " expects a positive duration such as 90s, 45m or 2h, got '" + excerpt(value) + "'");
  }

  private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("([0-9]{1,7})([kmg])");

  private static long bytes(String option, String value) {
    java.util.regex.Matcher m = SIZE.matcher(required(option, value).toLowerCase(java.util.Locale.ROOT));
    if (m.matches() && Long.parseLong(m.group(1)) > 0) {
      int shift = switch (m.group(2)) {
        case "k" -> 10;
        case "m" -> 20;
        default -> 30;
      };
      return Long.parseLong(m.group(1)) << shift;
    }
    throw new UsageException(option + " expects a positive size such as 500m or 5g, got '" + excerpt(value) + "'");
  }

  private static String oneOf(String option, String value, String... allowed) {
    String text = required(option, value);
    if (!Arrays.asList(allowed).contains(text)) {
      throw new UsageException(option + " expects " + String.join(" or ", allowed) + ", got '" + excerpt(text) + "'");
    }
    return text;
  }

  private static String store(String value) {
    if (!value.equals("memory") && !value.startsWith("jdbc:")) {
      throw new UsageException("--store expects memory or a JDBC URL starting with jdbc: (e.g. jdbc:h2:/tmp/awo-store)");
    }
    return value;
  }

  private static Path path(String option, String value) {
    String text = required(option, value);
    try {
      return Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UsageException(option + " expects a path, got '" + excerpt(text) + "'");
    }
  }

  private static int port(String value) {
    String text = required("--serve", value);
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--serve expects a port number between 0 and 65535, got '" + excerpt(text) + "'");
  }

  private static String excerpt(String text) {
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine;
  }
}
