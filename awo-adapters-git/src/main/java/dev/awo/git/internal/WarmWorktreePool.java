package dev.awo.git.internal;

import dev.awo.git.GitRepositoryUrl;
import dev.awo.spi.process.ProcessResult;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm worktrees: per mirror, up to {@code size} worktrees checked out ahead of time in {@code
 * base/pool/<key>/<uuid>}, so that a work order's sandbox costs a checkout of what changed since
 * instead of a checkout of every file.
 *
 * <p><b>Making one</b> (in the background, on one daemon thread, at most one task per mirror queued
 * or running): {@code git worktree add --no-checkout --detach --lock --reason <owner>} at the default
 * tip of the last work order, under the mirror lock (milliseconds: no file is written), then {@code
 * git reset --hard} in it without the lock, so that work orders never wait behind the checkout. That
 * is safe: the worktree is registered and locked with its live owner, so neither {@code worktree
 * prune} nor the stale sweep of any process touches it; it needs no ref; and gc never runs on
 * mirrors ({@code gc.auto=0}). (Running the whole {@code worktree add} without the lock is not: a
 * concurrent prune can remove its administrative directory before git has locked it.) Only once
 * both commands have finished does the entry become ready, in this pool's memory: entries belong
 * to the pool (and process) that made them and are never claimed by anyone else; other processes
 * only ever remove them, as stale, once this process has died.
 *
 * <p><b>Claiming one</b> ({@link #claim}, under the mirror lock): take a ready entry off the queue (so
 * no two threads can have it), check on disk that it is still a worktree of that mirror locked by
 * this process, {@code git checkout --detach --force <tip>} (writes only what changed), require
 * {@code git status --porcelain=v2 --branch --untracked-files=all --ignored} to report the tip,
 * detached, and nothing else, then {@code git worktree move} it to the work order's path. An entry
 * failing any step is removed and the next one tried; when none is left the caller falls back to
 * {@code worktree add}. The lock reason stays the owner marker of this process, as for any sandbox.
 *
 * <p>Thread-safe.
 */
final class WarmWorktreePool {
  private static final Logger LOG = LoggerFactory.getLogger(WarmWorktreePool.class);
  private final Git git;
  private final SandboxLayout layout;
  private final int size;
  private final BiConsumer<Path, Path> remover;
  private final ConcurrentMap<Path, MirrorPool> pools = new ConcurrentHashMap<>();
  private final AtomicLong taken = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  private final Object monitor = new Object();
  private int pending;
  private boolean closed;
  private ThreadPoolExecutor executor;

  /**
   * @param remover removes a worktree from a mirror and from disk, {@code (mirror, worktree)}; called
   *     under the mirror lock
   */
  WarmWorktreePool(Git git, SandboxLayout layout, int size, BiConsumer<Path, Path> remover) {
    this.git = git;
    this.layout = layout;
    this.size = size;
    this.remover = remover;
  }

  /** The warm worktrees of one mirror. */
  private static final class MirrorPool {
    final Path mirror;
    final GitRepositoryUrl url;
    final Deque<Path> ready = new ConcurrentLinkedDeque<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    volatile String tip;

    MirrorPool(Path mirror, GitRepositoryUrl url) {
      this.mirror = mirror;
      this.url = url;
    }
  }

  long taken() {
    return taken.get();
  }

  long discarded() {
    return discarded.get();
  }

  /**
   * Under the lock of {@code mirror}: turns a ready warm worktree into the worktree at {@code target},
   * detached at {@code tip} and pristine. Returns false, leaving nothing at {@code target}, when no
   * ready entry passed the checks.
   */
  boolean claim(Path mirror, String tip, Path target, List<String> secrets) {
    MirrorPool pool = pools.get(mirror);
    if (pool == null) {
      return false;
    }
    Path entry;
    while ((entry = pool.ready.pollFirst()) != null) {
      Optional<String> problem = prepare(mirror, entry, tip, target, secrets);
      if (problem.isEmpty()) {
        taken.incrementAndGet();
        LOG.atInfo().setMessage("worktree_taken_from_pool")
            .addKeyValue("directory", target.toString())
            .addKeyValue("base_commit", tip)
            .log();
        return true;
      }
      discarded.incrementAndGet();
      LOG.atWarn().setMessage("pool_worktree_discarded")
          .addKeyValue("directory", entry.toString())
          .addKeyValue("reason", problem.get())
          .log();
      remover.accept(mirror, entry);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        remover.accept(mirror, target);
      }
    }
    return false;
  }

  /** Empty when {@code entry} is now the pristine worktree at {@code target}; else what was wrong. */
  private Optional<String> prepare(Path mirror, Path entry, String tip, Path target, List<String> secrets) {
    Optional<String> registration = registrationProblem(mirror, entry);
    if (registration.isPresent()) {
      return registration;
    }
    ProcessResult checkout = git.run(entry, secrets, "checkout", "--quiet", "--detach", "--force", tip);
    if (!checkout.succeeded()) {
      return Optional.of("checkout failed: " + checkout.describe());
    }
    ProcessResult status = git.run(entry, secrets, "status", "--porcelain=v2", "--branch", "--untracked-files=all",
        "--ignored");
    if (!status.succeeded()) {
      return Optional.of("status failed: " + status.describe());
    }
    List<String> lines = status.stdout().lines().filter(l -> !l.isBlank()).toList();
    if (!lines.contains("# branch.oid " + tip) || !lines.contains("# branch.head (detached)")
        || lines.stream().anyMatch(l -> !l.startsWith("# "))) {
      return Optional.of("not pristine at " + tip + ": " + String.join(" | ", lines.subList(0, Math.min(5, lines.size()))));
    }
    ProcessResult move = git.run(mirror, secrets, "worktree", "move", "--force", "--force", "--",
        entry.toString(), target.toString());
    if (!move.succeeded()) {
      return Optional.of("worktree move failed: " + move.describe());
    }
    if (!Files.isRegularFile(target.resolve(".git"), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("worktree move left " + target + " incomplete");
    }
    return registrationProblem(mirror, target);
  }

  /**
   * Checks on disk, without running git, that {@code worktree} is a worktree of {@code mirror} that
   * git knows at this path and that is locked with this process's owner marker.
   */
  private static Optional<String> registrationProblem(Path mirror, Path worktree) {
    try {
      Path dotGit = worktree.resolve(".git");
      if (!Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of("no .git file");
      }
      String pointer = Files.readString(dotGit).strip();
      if (!pointer.startsWith("gitdir: ")) {
        return Optional.of("the .git file does not point to an administrative directory");
      }
      Path admin = Path.of(pointer.substring("gitdir: ".length())).toAbsolutePath().normalize();
      if (!admin.getParent().equals(mirror.resolve("worktrees").toAbsolutePath().normalize())) {
        return Optional.of("the worktree belongs to another repository: " + admin);
      }
      Path back = Path.of(Files.readString(admin.resolve("gitdir")).strip()).toAbsolutePath().normalize();
      if (!back.equals(dotGit.toAbsolutePath().normalize())) {
        return Optional.of("git has it at another path: " + back);
      }
      Path locked = admin.resolve("locked");
      if (!Files.isRegularFile(locked) || !Files.readString(locked).strip().equals(OwnerMarker.current().toString())) {
        return Optional.of("not locked by this process");
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("unreadable: " + e);
    }
  }

  /**
   * Schedules the background work that brings the pool of {@code mirror} back to its size, at
   * {@code tip}; a no-op when the pool is disabled or closed, or a task for this mirror is queued or
   * running (it fills up to the size, then looks again).
   */
  void replenish(GitRepositoryUrl url, Path mirror, String tip) {
    if (size == 0) {
      return;
    }
    MirrorPool pool = pools.computeIfAbsent(mirror, m -> new MirrorPool(m, url));
    pool.tip = tip;
    schedule(pool);
  }

  private void schedule(MirrorPool pool) {
    synchronized (monitor) {
      if (closed || pool.ready.size() >= size || !pool.scheduled.compareAndSet(false, true)) {
        return;
      }
      if (executor == null) {
        executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "awo-git-warm-worktrees");
          thread.setDaemon(true);
          return thread;
        });
        executor.allowCoreThreadTimeOut(true);
      }
      pending++;
      executor.execute(() -> fill(pool));
    }
  }

  private void fill(MirrorPool pool) {
    boolean failed = false;
    try {
      while (!failed && !isClosed() && pool.ready.size() < size) {
        failed = !makeOne(pool);
      }
    } finally {
      pool.scheduled.set(false);
      synchronized (monitor) {
        pending--;
        monitor.notifyAll();
      }
    }
    if (!failed) {
      schedule(pool); // a work order may have claimed one meanwhile
    }
  }

  /** Makes one warm worktree; false (after cleaning up) when git failed or the pool closed meanwhile. */
  private boolean makeOne(MirrorPool pool) {
    Path entry = layout.poolOf(pool.mirror).resolve(UUID.randomUUID().toString());
    String tip = pool.tip;
    String error;
    try {
      error = build(pool, entry, tip);
    } catch (RuntimeException e) {
      error = String.valueOf(e.getMessage());
    }
    synchronized (monitor) {
      if (error == null && !closed) {
        pool.ready.addLast(entry);
        LOG.atDebug().setMessage("pool_worktree_created")
            .addKeyValue("directory", entry.toString())
            .addKeyValue("commit", tip)
            .log();
        return true;
      }
    }
    if (error != null) {
      LOG.atLevel(isClosed() ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.WARN)
          .setMessage("pool_worktree_failed")
          .addKeyValue("directory", entry.toString())
          .addKeyValue("error", error)
          .log();
    }
    Thread.interrupted(); // an interrupt from close() must not stop the clean-up
    try {
      discard(pool.mirror, entry);
    } catch (RuntimeException e) {
      LOG.atWarn().setMessage("pool_worktree_remove_failed")
          .addKeyValue("directory", entry.toString())
          .addKeyValue("error", e.getMessage())
          .log();
    }
    return false;
  }

  /**
   * Registers the worktree under the mirror lock (quick: no files are written yet), so that no
   * {@code worktree prune} can catch it half made, then checks its files out without the lock.
   * Returns null on success, else git's error.
   */
  private String build(MirrorPool pool, Path entry, String tip) {
    ProcessResult added;
    try (MirrorLock.Held held = MirrorLock.acquire(layout.lockFileOf(pool.mirror), git.settings().lockTimeout())) {
      added = git.run(pool.mirror, pool.url.secrets(), "worktree", "add", "--quiet", "--no-checkout", "--detach",
          "--lock", "--reason", OwnerMarker.current().toString(), "--", entry.toString(), tip);
    }
    if (!added.succeeded()) {
      return added.describe();
    }
    ProcessResult checkedOut = git.run(entry, pool.url.secrets(), "reset", "--hard", "--quiet");
    return checkedOut.succeeded() ? null : checkedOut.describe();
  }

  private boolean isClosed() {
    synchronized (monitor) {
      return closed;
    }
  }

  private void discard(Path mirror, Path entry) {
    try (MirrorLock.Held held = MirrorLock.acquire(layout.lockFileOf(mirror), git.settings().lockTimeout())) {
      remover.accept(mirror, entry);
    }
  }

  /** Waits until no background work is queued or running; false if {@code timeout} passed first. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      return true;
    }
  }

  /**
   * Stops the background work (a git command in flight is killed; its entry removes itself) and
   * removes every ready entry, each under its mirror's lock. Later calls do nothing; {@link
   * #replenish} does nothing afterwards.
   */
  void close() {
    ThreadPoolExecutor running;
    synchronized (monitor) {
      if (closed) {
        return;
      }
      closed = true;
      running = executor;
    }
    if (running != null) {
      running.shutdownNow();
      try {
        running.awaitTermination(git.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (MirrorPool pool : pools.values()) {
      List<Path> entries = new ArrayList<>();
      Path entry;
      while ((entry = pool.ready.pollFirst()) != null) {
        entries.add(entry);
      }
      if (!entries.isEmpty()) {
        try (MirrorLock.Held held = MirrorLock.acquire(layout.lockFileOf(pool.mirror), git.settings().lockTimeout())) {
          entries.forEach(e -> remover.accept(pool.mirror, e));
        } catch (RuntimeException e) {
          LOG.atWarn().setMessage("pool_worktree_remove_failed")
              .addKeyValue("mirror", pool.mirror.toString())
              .addKeyValue("error", e.getMessage())
              .log();
        }
      }
      deleteIfEmpty(layout.poolOf(pool.mirror));
    }
    deleteIfEmpty(layout.poolDirectory());
    LOG.atInfo().setMessage("worktree_pool_closed").addKeyValue("taken", taken.get()).log();
  }

  private static void deleteIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (DirectoryNotEmptyException e) {
      // another process (or another factory) keeps entries here
    } catch (IOException e) {
      LOG.atDebug().setMessage("pool_directory_delete_failed").addKeyValue("directory", directory.toString()).log();
    }
  }
}
