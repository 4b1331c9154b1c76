package dev.awo.testkit;

import dev.awo.domain.DiffStats;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.sandbox.SandboxRecovery;
import dev.awo.spi.sandbox.SandboxRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Sandboxes without git, for workflow tests: each work order gets a plain directory under a
 * temporary base directory (the agent may write files there), a branch that a scripted agent checks
 * out with {@link InMemorySandbox#checkout}, and commits and pushes that are recorded, not made.
 * Like the git adapter it refuses option-looking and {@code ext::} repository URLs.
 *
 * <pre>{@code
 * InMemorySandboxFactory sandboxes = InMemorySandboxFactory.inTemporaryDirectory();
 * WorkflowOrchestrator.builder().sandboxFactory(sandboxes)...
 * assertTrue(sandboxes.sandbox(id).orElseThrow().isCleanedUp());
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class InMemorySandboxFactory implements SandboxFactory {
  /** The branch every sandbox starts on. */
  public static final String BASE_BRANCH = "main";

  private final Path base;
  private final Map<WorkOrderId, InMemorySandbox> sandboxes = new ConcurrentHashMap<>();

  private InMemorySandboxFactory(Path base) {
    this.base = base;
  }

  /**
   * A factory keeping its sandboxes under {@code base}.
   *
   * @param base an existing or creatable directory
   * @return the factory
   */
  public static InMemorySandboxFactory under(Path base) {
    return new InMemorySandboxFactory(Objects.requireNonNull(base, "base must not be null"));
  }

  /**
   * A factory keeping its sandboxes under a new temporary directory.
   *
   * @return the factory
   * @throws UncheckedIOException when no temporary directory can be made
   */
  public static InMemorySandboxFactory inTemporaryDirectory() {
    try {
      return under(Files.createTempDirectory("awo-testkit-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void validate(SandboxRequest request) {
    String url = request.repositoryUrl();
    if (url.startsWith("-") || url.startsWith("ext::") || url.startsWith("fd::")) {
      throw new InvalidInputException("repositoryUrl", "must not look like an option or use a remote helper, got '"
          + url + "'");
    }
  }

  @Override
  public Sandbox create(SandboxRequest request) {
    validate(request);
    try {
      Path dir = Files.createDirectories(base.resolve(request.workOrderId().value()));
      InMemorySandbox sandbox = new InMemorySandbox(request.workOrderId(), dir);
      sandboxes.put(request.workOrderId(), sandbox);
      return sandbox;
    } catch (IOException e) {
      throw new SandboxException("Could not create the sandbox directory for " + request.workOrderId() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Takes up a work order's sandbox after a restart, as the git adapter does: the sandbox this
   * factory made is re-attached while it is not cleaned up and its head is the recorded one;
   * otherwise, when the work order's branch was pushed from it at the recorded head, a new sandbox
   * is made on that branch at that head (files not pushed are not in it, as with git). Else empty.
   */
  @Override
  public Optional<RecoveredSandbox> recover(SandboxRecovery recovery) {
    WorkOrderId id = recovery.request().workOrderId();
    InMemorySandbox old = sandboxes.get(id);
    if (old != null && !old.cleanedUp && Files.isDirectory(old.dir) && recovery.consistentWith(old.headCommit())) {
      return Optional.of(new RecoveredSandbox(old, RecoveredSandbox.How.REATTACHED, BASE_BRANCH));
    }
    String pushedHead = recovery.branch() == null || old == null ? null : old.pushedHeads.get(recovery.branch());
    if (pushedHead == null || !recovery.consistentWith(pushedHead)) {
      return Optional.empty();
    }
    if (!old.cleanedUp) {
      old.cleanUp();
    }
    InMemorySandbox fresh = (InMemorySandbox) create(recovery.request());
    fresh.checkout(recovery.branch());
    fresh.headOverride = pushedHead;
    return Optional.of(new RecoveredSandbox(fresh, RecoveredSandbox.How.RECREATED, BASE_BRANCH));
  }

  /**
   * The sandbox made for a work order, if one was.
   *
   * @param id the work order
   * @return its latest sandbox, or empty
   */
  public Optional<InMemorySandbox> sandbox(WorkOrderId id) {
    return Optional.ofNullable(sandboxes.get(id));
  }

  /**
   * How many sandboxes were made.
   *
   * @return the count
   */
  public int created() {
    return sandboxes.size();
  }

  /** {@return the directory under which sandboxes are made} */
  public Path baseDirectory() {
    return base;
  }

  /** One work order's sandbox: a directory, a settable branch, recorded commits and pushes. Thread-safe. */
  public static final class InMemorySandbox implements Sandbox {
    private final WorkOrderId id;
    private final Path dir;
    private final List<String> commits = new CopyOnWriteArrayList<>();
    private final List<String> pushes = new CopyOnWriteArrayList<>();
    private final Map<String, String> pushedHeads = new ConcurrentHashMap<>();
    private volatile String branch = BASE_BRANCH;
    private volatile String headOverride;
    private volatile boolean cleanedUp;

    InMemorySandbox(WorkOrderId id, Path dir) {
      this.id = id;
      this.dir = dir;
    }

    /**
     * Checks out {@code newBranch}, as an agent creating the work branch would.
     *
     * @param newBranch the branch name
     */
    public void checkout(String newBranch) {
      this.branch = Objects.requireNonNull(newBranch, "newBranch must not be null");
    }

    /** {@return the messages of the commits made through {@link #commitAll}, in order} */
    public List<String> commits() {
      return List.copyOf(commits);
    }

    /** {@return the branches pushed, in order} */
    public List<String> pushes() {
      return List.copyOf(pushes);
    }

    /** {@return whether the sandbox was cleaned up and its directory removed} */
    public boolean isCleanedUp() {
      return cleanedUp && !Files.exists(dir);
    }

    @Override
    public WorkOrderId workOrderId() {
      return id;
    }

    @Override
    public Path workingDirectory() {
      return dir;
    }

    @Override
    public String baseCommit() {
      return "0".repeat(40);
    }

    @Override
    public Optional<String> currentBranch() {
      return Optional.of(branch);
    }

    @Override
    public String headCommit() {
      if (commits.isEmpty()) {
        return headOverride != null ? headOverride : baseCommit();
      }
      return String.format("%040x", commits.size());
    }

    @Override
    public DiffStats diffStats() {
      return new DiffStats(commits.size(), 0, 0);
    }

    /** Records a commit when the directory holds any file; answers a made-up commit id. */
    @Override
    public Optional<String> commitAll(String message) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.findAny().isEmpty()) {
          return Optional.empty();
        }
      } catch (IOException e) {
        throw new SandboxException("Could not list " + dir + ": " + e.getMessage(), e);
      }
      commits.add(message);
      return Optional.of(headCommit());
    }

    @Override
    public void pushBranch(String pushed) {
      pushes.add(pushed);
      pushedHeads.put(pushed, headCommit());
    }

    @Override
    public void cleanUp() {
      cleanedUp = true;
      if (!Files.exists(dir)) {
        return;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new SandboxException("Could not remove " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
