package dev.awo.git;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.internal.BranchSandboxes;
import dev.awo.git.internal.Directories;
import dev.awo.git.internal.Git;
import dev.awo.git.internal.GitProcessLauncher;
import dev.awo.git.internal.GitSettings;
import dev.awo.git.internal.Reachability;
import dev.awo.git.internal.SandboxLayout;
import dev.awo.git.internal.WorktreeSandboxes;
import dev.awo.spi.Arguments;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.sandbox.SandboxRecovery;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up git sandboxes for work orders: a full clone for {@link SandboxType#GIT_BRANCH}, a worktree
 * of a shared, lock-protected mirror for {@link SandboxType#GIT_WORKTREE}.
 *
 * <pre>{@code
 * try (GitSandboxFactory factory = GitSandboxFactory.builder()
 *     .baseDirectory(Path.of("/var/lib/awo/sandboxes"))
 *     .gitExecutable("git")
 *     .timeout(Duration.ofMinutes(5))
 *     .allowCredentialsInUrls(false)
 *     .warmWorktrees(1)
 *     .build()) {
 *   GitSandbox sandbox = factory.create(new SandboxRequest(id, "https://github.com/acme/shop.git", SandboxType.GIT_WORKTREE));
 *   ...
 * }
 * }</pre>
 *
 * <p>Layout under the base directory: {@code branch/<work order id>} (clones), {@code
 * worktrees/<work order id>} (worktrees), {@code mirrors/<key>.git} (one bare mirror per normalised
 * URL), {@code locks/<key>.lock} (the mirrors' cross-process locks, kept on purpose) and {@code
 * pool/<key>/<uuid>} (warm worktrees, see below). Paths come
 * only from validated work order ids and URL hashes and must resolve inside the base directory.
 *
 * <p>Every git command runs through awo-spi's {@code ProcessRunner}: an argument vector with {@code
 * --} before URLs and paths, {@code -c protocol.ext.allow=never -c protocol.fd.allow=never}, no
 * system or global config ({@code GIT_CONFIG_NOSYSTEM=1}, {@code GIT_CONFIG_GLOBAL=/dev/null},
 * unless {@link Builder#useUserGitConfig(boolean)} opts in), no prompts ({@code
 * GIT_TERMINAL_PROMPT=0}, ssh in batch mode), only the file, http(s) and ssh protocols, {@code
 * LC_ALL=C}, and a timeout that kills the process tree. The environment holds PATH, HOME, the ssh
 * agent ({@code SSH_AUTH_SOCK}; host keys from {@code ~/.ssh/known_hosts}) and the proxy variables
 * of this JVM, plus {@link Builder#environment(String, String)}.
 *
 * <p><b>Private repositories.</b> With {@link Builder#httpsCredentials(GitHttpsCredentials)} git
 * answers an https remote's request for credentials with the token, through {@code GIT_ASKPASS}
 * (see {@link GitHttpsCredentials}): never in a URL, an argument vector, a repository's {@code
 * .git/config} or any file. {@link #credentialEnvironment()} gives another git process, such as an
 * agent's {@code git push}, the same. {@link #checkReachable(String)} refuses a repository that
 * cannot be used before anything is set up. Commits are made as the
 * configured identity. Bad input ({@link UnsafeRepositoryUrlException}, {@link
 * InvalidBranchNameException}) is refused before any process runs or directory is made; git
 * failures are {@link SandboxException}s naming the (redacted) command and git's error.
 *
 * <p>Stale sandboxes (left by a process that died) are reclaimed: warm worktrees and interrupted
 * worktrees of a mirror whenever a worktree sandbox is created on it, everything on {@link
 * #reclaimStaleSandboxes()}, and with {@link #reclaimStaleSandboxes(Predicate)} everything but the
 * sandboxes of work orders a take-over may still need (a work order's sandbox a dead process left is
 * never reclaimed by creating another: another JVM or worker on the same disk may re-attach it). The rule: a
 * sandbox is stale when the process that created it (pid and start time, recorded at creation: in an
 * owner file next to a clone, in git's lock reason of a worktree) no longer runs; a worktree under
 * the base directory that is not locked, or still carries git's {@code initializing} lock of an
 * interrupted {@code worktree add}, is stale too. Reclaiming removes the directory, the worktree's
 * entry in its mirror and the branch it had checked out. Sandboxes of running processes, this one
 * included, are never touched: a sandbox a live process forgot stays until that process ends.
 *
 * <p><b>Warm worktrees</b> ({@link Builder#warmWorktrees(int)}, default 1): after each worktree
 * sandbox it sets up, the factory checks out that many more worktrees of the mirror in the
 * background (one daemon thread per factory, one task per mirror at a time) and keeps them ready in
 * {@code pool/<key>/}. The next work order on the repository takes one, under the mirror lock, after
 * the usual fetch: {@code git checkout} moves it to the fresh default tip writing only what changed,
 * {@code git status} must find it pristine, and it is moved to {@code worktrees/<work order id>},
 * detached at the tip and locked by this process like any worktree sandbox. An entry failing a check
 * is removed, never used; with no entry ready the sandbox is made the usual way at once, never
 * waiting for the pool. Warm worktrees belong to this factory: hosts should {@link #close()} it (at
 * shutdown), which stops the background work and removes them; those of a process that crashed are
 * stale and reclaimed by the rule above.
 *
 * <p>This class is thread-safe; one instance serves any number of concurrent work orders, and
 * several JVMs may share one base directory. Its configuration is immutable; its only state is the
 * warm worktrees.
 */
public final class GitSandboxFactory implements SandboxFactory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitSandboxFactory.class);

  private final GitSettings settings;
  private final Git git;
  private final SandboxLayout layout;
  private final BranchSandboxes branches;
  private final WorktreeSandboxes worktrees;

  private GitSandboxFactory(GitSettings settings, int warmWorktrees) {
    this.settings = settings;
    this.layout = new SandboxLayout(settings.baseDirectory());
    this.git = new Git(settings);
    this.branches = new BranchSandboxes(git, layout);
    this.worktrees = new WorktreeSandboxes(git, layout, warmWorktrees);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base directory every sandbox, mirror and lock lives under. */
  public Path baseDirectory() {
    return layout.base();
  }

  /**
   * Checks the request without side effects: parses the URL ({@link GitRepositoryUrl}) and derives
   * the sandbox path. Throws {@link InvalidInputException} (or a subclass) for anything refused.
   */
  @Override
  public void validate(SandboxRequest request) {
    checked(request);
  }

  /**
   * Sets up the sandbox the request asks for. On failure nothing is left behind (a mirror created
   * for this call is removed too) and {@link SandboxException} says why.
   */
  @Override
  public GitSandbox create(SandboxRequest request) {
    GitRepositoryUrl url = checked(request);
    return switch (request.type()) {
      case GIT_BRANCH -> branches.create(request.workOrderId(), url);
      case GIT_WORKTREE -> worktrees.create(request.workOrderId(), url);
    };
  }

  /**
   * Takes up the sandbox a crashed process left for a work order (see {@link
   * SandboxFactory#recover}): a branch clone or worktree still there, whose owner process no longer
   * runs (or is this one) and whose head is the commit the last saved step recorded, is re-attached
   * and marked as this process's; one that is not consistent is removed. Then, when the work order's
   * branch was pushed, a new sandbox is set up and checked out at it — only if the pushed branch is
   * at the recorded head. Empty when neither works.
   *
   * @throws SandboxException when a running process owns the sandbox, or git fails
   */
  @Override
  public Optional<RecoveredSandbox> recover(SandboxRecovery recovery) {
    Objects.requireNonNull(recovery, "recovery");
    SandboxRequest request = recovery.request();
    GitRepositoryUrl url = checked(request);
    return switch (request.type()) {
      case GIT_BRANCH -> branches.recover(request.workOrderId(), url, recovery);
      case GIT_WORKTREE -> worktrees.recover(request.workOrderId(), url, recovery);
    };
  }

  /** The port's name for {@link #reclaimStaleSandboxes()}: both sandbox types, warm worktrees included. */
  @Override
  public int reclaimAbandoned() {
    return reclaimStaleSandboxes();
  }

  /** The port's name for {@link #reclaimStaleSandboxes(Predicate)}. */
  @Override
  public int reclaimAbandoned(Predicate<WorkOrderId> stillNeeded) {
    return reclaimStaleSandboxes(stillNeeded);
  }

  /**
   * Checks that {@code repositoryUrl} names a git repository awo can read, with this factory's
   * credentials and settings, before anything is set up: the URL is validated, a local path must be
   * an existing directory, and {@code git ls-remote} must succeed (no clone, nothing written).
   * Hosts call it to refuse a bad repository up front, e.g. before storing a work order.
   *
   * <pre>{@code
   * try {
   *   factory.checkReachable("https://github.com/acme/private-repo");
   * } catch (RepositoryUnreachableException e) {
   *   if (e.reason() == RepositoryUnreachableException.Reason.AUTHENTICATION_REQUIRED) { ... }
   * }
   * }</pre>
   *
   * @throws UnsafeRepositoryUrlException when the URL is refused (before any process runs)
   * @throws RepositoryUnreachableException when git cannot use it; the message has git's reason
   */
  public void checkReachable(String repositoryUrl) {
    Reachability.check(git, GitRepositoryUrl.parse(repositoryUrl, settings.allowCredentialsInUrls()));
  }

  /**
   * The environment another git process needs to use this factory's credentials, for example the
   * agent's {@code git push} in a sandbox: {@code GIT_ASKPASS} (the helper under the base
   * directory), {@code AWO_GIT_TOKEN} and {@code AWO_GIT_ASKPASS_HOSTS} when {@link
   * Builder#httpsCredentials} is set, and {@code SSH_AUTH_SOCK} when this JVM has an ssh agent.
   * Values of secret-looking names (the token) must be redacted by whoever logs them; awo's
   * process runner does.
   */
  public Map<String, String> credentialEnvironment() {
    return git.credentialEnvironment();
  }

  /**
   * Removes sandboxes left behind by processes that no longer run (branch clones, worktrees and
   * their branches, worktree directories their mirror no longer knows). Sandboxes of running
   * processes, this one included, are never touched. Returns how many were removed.
   */
  public int reclaimStaleSandboxes() {
    return reclaimStaleSandboxes(id -> false);
  }

  /**
   * As {@link #reclaimStaleSandboxes()}, but keeps the branch clones and worktrees of the work
   * orders {@code stillNeeded} accepts (not over: a take-over may still re-attach them). Warm
   * worktrees and worktree directories their mirror no longer knows belong to no work order that
   * could use them and are reclaimed all the same.
   */
  public int reclaimStaleSandboxes(Predicate<WorkOrderId> stillNeeded) {
    Objects.requireNonNull(stillNeeded, "stillNeeded");
    int reclaimed = branches.reclaimStale(stillNeeded) + worktrees.reclaimStale(stillNeeded);
    for (Path orphan : worktrees.orphanDirectories()) {
      Directories.deleteRecursively(orphan);
      reclaimed++;
    }
    LOG.atInfo().setMessage("stale_sandboxes_reclaimed").addKeyValue("count", reclaimed).log();
    return reclaimed;
  }

  /**
   * Waits until no warm worktree is being prepared or queued for preparation (for example before
   * measuring, or to have the pool filled before the next work order); returns false if {@code
   * timeout} passed first. Never needed for correctness: {@link #create} does not wait for the pool.
   */
  public boolean awaitWarmWorktrees(Duration timeout) throws InterruptedException {
    Arguments.requirePositive(timeout, "timeout");
    return worktrees.awaitPool(timeout);
  }

  /**
   * Stops preparing warm worktrees (killing a git command in flight) and removes this factory's warm
   * worktrees, each under its mirror's lock. Sandboxes already handed out are not touched and keep
   * working; {@link #create} still works afterwards, without warm worktrees. Idempotent.
   */
  @Override
  public void close() {
    worktrees.closePool();
  }

  /** How many worktree sandboxes this factory made from a warm worktree; for tests. */
  long worktreesTakenFromPool() {
    return worktrees.takenFromPool();
  }

  /** How many warm worktrees failed a check when claimed and were removed; for tests. */
  long warmWorktreesDiscarded() {
    return worktrees.discardedFromPool();
  }

  private GitRepositoryUrl checked(SandboxRequest request) {
    Objects.requireNonNull(request, "request");
    GitRepositoryUrl url = GitRepositoryUrl.parse(request.repositoryUrl(), settings.allowCredentialsInUrls());
    switch (request.type()) {
      case GIT_BRANCH -> layout.branchSandbox(request.workOrderId());
      case GIT_WORKTREE -> {
        layout.worktreeSandbox(request.workOrderId());
        layout.mirror(url);
      }
    }
    return url;
  }

  /**
   * Configures a {@link GitSandboxFactory}. Setters validate at once; {@link #build()} yields an
   * immutable factory. Not thread-safe.
   */
  public static final class Builder {
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9-]*(\\.[^=\\s]+)*\\.[A-Za-z][A-Za-z0-9-]*");
    private Path baseDirectory;
    private String gitExecutable = "git";
    private Duration timeout = Duration.ofMinutes(10);
    private Duration lockTimeout;
    private String userName = "awo";
    private String userEmail = "awo@localhost";
    private String sshCommand = "ssh -oBatchMode=yes";
    private boolean allowCredentialsInUrls;
    private final Map<String, String> extraConfig = new LinkedHashMap<>();
    private GitProcessLauncher launcher = GitProcessLauncher.processRunner();
    private int warmWorktrees = 1;
    private GitHttpsCredentials httpsCredentials;
    private boolean userGitConfig;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder() {}

    /** Required: where sandboxes, mirrors and locks live. Made absolute; created on first use. */
    public Builder baseDirectory(Path baseDirectory) {
      Arguments.requirePresent(baseDirectory, "baseDirectory");
      this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
      return this;
    }

    /** The git program, a name on the PATH or an absolute path; default {@code git}. */
    public Builder gitExecutable(String gitExecutable) {
      Arguments.requireText(gitExecutable, "gitExecutable");
      if (gitExecutable.startsWith("-")) {
        throw new InvalidInputException("gitExecutable", "must not start with '-'");
      }
      this.gitExecutable = gitExecutable;
      return this;
    }

    /** How long one git command may run before its process tree is killed; default 10 minutes. */
    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.requirePositive(timeout, "timeout");
      return this;
    }

    /** How long to wait for a mirror's lock; default three times {@link #timeout}. */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = Arguments.requirePositive(lockTimeout, "lockTimeout");
      return this;
    }

    /** The identity commits are made as (global git config is not read); default awo &lt;awo@localhost&gt;. */
    public Builder commitIdentity(String name, String email) {
      Arguments.requireText(name, "commitIdentity.name");
      Arguments.requireText(email, "commitIdentity.email");
      if (!name.matches("[^<>\\p{Cntrl}]+") || !email.matches("[^<>\\s\\p{Cntrl}]+")) {
        throw new InvalidInputException("commitIdentity", "name and e-mail must not contain '<', '>' or control characters");
      }
      this.userName = name;
      this.userEmail = email;
      return this;
    }

    /** The {@code GIT_SSH_COMMAND} for ssh remotes; default {@code ssh -oBatchMode=yes}. */
    public Builder sshCommand(String sshCommand) {
      this.sshCommand = Arguments.requireText(sshCommand, "sshCommand");
      return this;
    }

    /**
     * Whether repository URLs may carry credentials ({@code https://user:token@host/...}); default
     * false. When allowed they are still redacted from logs and messages, but a worktree mirror keeps
     * the URL in its config on disk.
     */
    public Builder allowCredentialsInUrls(boolean allow) {
      this.allowCredentialsInUrls = allow;
      return this;
    }

    /**
     * An extra {@code -c key=value} for every git command, e.g. {@code credential.helper}. Keys
     * {@code protocol.*}, {@code core.sshCommand}, {@code core.fsmonitor} and {@code uploadpack.*}
     * are refused.
     */
    public Builder gitConfig(String key, String value) {
      Arguments.requireText(key, "gitConfig.key");
      Arguments.requirePresent(value, "gitConfig.value");
      String lower = key.toLowerCase(java.util.Locale.ROOT);
      if (!CONFIG_KEY.matcher(key).matches() || lower.startsWith("protocol.") || lower.equals("core.sshcommand")
          || lower.equals("core.fsmonitor") || lower.startsWith("uploadpack.")) {
        throw new InvalidInputException("gitConfig", "'" + Arguments.excerpt(key) + "' is not a config key awo allows");
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidInputException("gitConfig", "the value of '" + key + "' contains control characters");
      }
      extraConfig.put(key, value);
      return this;
    }

    /**
     * How many warm worktrees to keep ready per repository for {@link SandboxType#GIT_WORKTREE}
     * sandboxes, 0 to 8; default 1, 0 disables them. A warm worktree turns the next work order's
     * set-up from a checkout of every file into a checkout of what changed since the previous one
     * (for a repository of a few thousand files, a fraction of the time). The price: each one is a
     * full checkout on disk (the repository's working-tree size, per warm worktree per repository),
     * and git work in the background after each work order. More than 1 only helps when work orders
     * on one repository arrive in bursts faster than one checkout.
     */
    public Builder warmWorktrees(int count) {
      if (count < 0 || count > 8) {
        throw new InvalidInputException("warmWorktrees", "must be between 0 (disabled) and 8, was " + count);
      }
      this.warmWorktrees = count;
      return this;
    }

    /**
     * The token git presents to https remotes on its hosts (see {@link GitHttpsCredentials}); null
     * for none (the default: https remotes must then be public).
     */
    public Builder httpsCredentials(GitHttpsCredentials credentials) {
      this.httpsCredentials = credentials;
      return this;
    }

    /**
     * Opt-in: let git read the user's system and global configuration (credential helpers, {@code
     * url.insteadOf}, {@code http.sslCAInfo}, ...). Default false: git sees only awo's settings.
     * Either way prompts stay off, {@code protocol.ext}/{@code protocol.fd} stay forbidden, only
     * file, http(s) and ssh are allowed, and ssh stays in batch mode.
     */
    public Builder useUserGitConfig(boolean use) {
      this.userGitConfig = use;
      return this;
    }

    /**
     * Sets a variable for every git process, e.g. {@code https_proxy} (the proxy variables, {@code
     * SSH_AUTH_SOCK}, PATH and HOME are inherited from this JVM already); a null value removes an
     * inherited one. Names starting with {@code GIT_} are refused: awo sets those itself.
     */
    public Builder environment(String name, String value) {
      Arguments.requireText(name, "environment.name");
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.toUpperCase(java.util.Locale.ROOT).startsWith("GIT_")) {
        throw new InvalidInputException("environment", "'" + Arguments.excerpt(name)
            + "' is not a variable awo lets you set for git (names starting with GIT_ are awo's own)");
      }
      if (value != null && value.indexOf('\0') >= 0) {
        throw new InvalidInputException("environment", "the value of " + name + " contains a NUL character");
      }
      environment.put(name, value);
      return this;
    }

    /** Package-private seam for tests: how git processes are started. */
    Builder processLauncher(GitProcessLauncher launcher) {
      this.launcher = Objects.requireNonNull(launcher, "launcher");
      return this;
    }

    public GitSandboxFactory build() {
      if (baseDirectory == null) {
        throw new InvalidInputException("baseDirectory", "is required; set it with baseDirectory(Path)");
      }
      Duration lock = lockTimeout != null ? lockTimeout : timeout.multipliedBy(3);
      return new GitSandboxFactory(new GitSettings(baseDirectory, gitExecutable, timeout, lock, userName, userEmail,
          sshCommand, allowCredentialsInUrls, extraConfig, launcher, httpsCredentials, userGitConfig, environment),
          warmWorktrees);
    }
  }
}
