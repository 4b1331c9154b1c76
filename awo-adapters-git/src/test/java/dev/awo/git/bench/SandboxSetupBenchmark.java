package dev.awo.git.bench;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitSandbox;
import dev.awo.git.GitSandboxFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sandbox set-up time for the second and later work orders on one repository, three ways in the same
 * run: (a) a full branch clone, (b) a worktree from the shared mirror with warm worktrees disabled
 * ({@code warmWorktrees(0)}: {@code git worktree add}, a checkout of every file), (c) a worktree with
 * one warm worktree per repository (the default: a checkout of what changed, a status and a move). A
 * documented harness rather than JMH: one operation takes tens to hundreds of milliseconds of real
 * process work, and what matters is the ratio of such operations on the same machine at the same
 * time.
 *
 * <p>What it does: builds a repository of {@code files} files (default 2,000, ~1.5 KB each, in 40
 * directories) and {@code commits} commits (default 300; the first adds every file, each later one
 * changes 7 files) with {@code git fast-import}, packs it ({@code git repack -ad}) into a bare
 * "remote" with default branch {@code main}. Each kind has a factory and base directory of its own;
 * one unmeasured work order each creates the mirror (and, for (c), the first warm worktree). Then,
 * {@code iterations} times (default 10): the remote moves on by one commit changing 7 files (as other
 * developers would), and one work order of each kind is set up, measuring only {@code
 * factory.create(...)}, and cleaned up unmeasured. For (c), after each work order the harness waits
 * until the warm worktree has been replaced ({@link GitSandboxFactory#awaitWarmWorktrees}) before
 * anything else runs: this models work orders on one repository that do not arrive within the same
 * second or so. Work orders arriving faster than one checkout find the pool empty and cost what (b)
 * costs (they never wait for the pool). It prints median and p90 of each and the ratios (c)/(a) and
 * (b)/(a) (target for the worktree sandbox: at most 0.2), for the remote given as a {@code file://}
 * URL (git's real transport, as for a remote server) and as a plain path (where git clones with hard
 * links, the cheapest clone possible).
 *
 * <p>Run:
 * <pre>
 * mvn -o -q -pl awo-adapters-git test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp-git.txt -Dmdep.includeScope=test
 * java -cp awo-adapters-git/target/test-classes:awo-adapters-git/target/classes:$(cat /tmp/cp-git.txt) \
 *     dev.awo.git.bench.SandboxSetupBenchmark [iterations] [files] [commits]
 * </pre>
 */
public final class SandboxSetupBenchmark {
  private static final int DIRECTORIES = 40;
  private static final int FILES_CHANGED_PER_COMMIT = 7;

  private SandboxSetupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int commits = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path root = Files.createTempDirectory("awo-sandbox-bench-");
    try {
      long buildStart = System.nanoTime();
      Remote remote = buildRemote(root, files, commits);
      System.out.printf(Locale.ROOT, "repository: %d files, %d commits, built in %d ms (%s)%n", files, commits,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - buildStart), remote.path);
      System.out.println("(c) waits after each work order until its warm worktree is replaced: it models work orders"
          + " on one repository that do not arrive within the same second; faster arrivals cost what (b) costs");
      measure("file:// URL", remote, remote.path.toUri().toString(), root.resolve("base-url"), iterations);
      measure("plain path", remote, remote.path.toString(), root.resolve("base-path"), iterations);
    } finally {
      deleteTree(root);
    }
  }

  private static void measure(String label, Remote remote, String url, Path base, int iterations) throws Exception {
    int[] next = {1};
    try (GitSandboxFactory clones = GitSandboxFactory.builder().baseDirectory(base.resolve("a")).warmWorktrees(0).build();
        GitSandboxFactory cold = GitSandboxFactory.builder().baseDirectory(base.resolve("b")).warmWorktrees(0).build();
        GitSandboxFactory warm = GitSandboxFactory.builder().baseDirectory(base.resolve("c")).warmWorktrees(1).build()) {
      Function<GitSandboxFactory, Function<SandboxType, Long>> setUp = factory -> type -> {
        WorkOrderId id = WorkOrderId.of(String.format("wo-%08x", next[0]++));
        long start = System.nanoTime();
        GitSandbox sandbox = factory.create(new dev.awo.spi.sandbox.SandboxRequest(id, url, type));
        long elapsed = System.nanoTime() - start;
        sandbox.cleanUp();
        return elapsed;
      };
      // the first work order of each kind creates the mirror (and the first warm worktree): not measured
      setUp.apply(clones).apply(SandboxType.GIT_BRANCH);
      setUp.apply(cold).apply(SandboxType.GIT_WORKTREE);
      setUp.apply(warm).apply(SandboxType.GIT_WORKTREE);
      awaitPool(warm);
      List<Long> clone = new ArrayList<>();
      List<Long> worktree = new ArrayList<>();
      List<Long> pooled = new ArrayList<>();
      for (int i = 0; i < iterations; i++) {
        remote.moveOn();
        clone.add(setUp.apply(clones).apply(SandboxType.GIT_BRANCH));
        worktree.add(setUp.apply(cold).apply(SandboxType.GIT_WORKTREE));
        pooled.add(setUp.apply(warm).apply(SandboxType.GIT_WORKTREE));
        awaitPool(warm);
      }
      double a = percentile(clone, 50);
      double b = percentile(worktree, 50);
      double c = percentile(pooled, 50);
      System.out.printf(Locale.ROOT, "%n[%s] %d work orders of each kind, after one unmeasured warm-up each;"
          + " the remote moves on by one commit (7 files) before each round%n", label, iterations);
      System.out.printf(Locale.ROOT, "  (a) full branch clone          : median %7.1f ms   p90 %7.1f ms%n", a, percentile(clone, 90));
      System.out.printf(Locale.ROOT, "  (b) worktree, pool disabled    : median %7.1f ms   p90 %7.1f ms%n", b, percentile(worktree, 90));
      System.out.printf(Locale.ROOT, "  (c) worktree, warm worktree    : median %7.1f ms   p90 %7.1f ms%n", c, percentile(pooled, 90));
      System.out.printf(Locale.ROOT, "  ratio (c)/(a): %.3f (median), %.3f (p90)   target <= 0.2: %s%n",
          c / a, percentile(pooled, 90) / percentile(clone, 90), c / a <= 0.2 ? "met" : "MISSED");
      System.out.printf(Locale.ROOT, "  ratio (b)/(a): %.3f (median), %.3f (p90)%n", b / a, percentile(worktree, 90) / percentile(clone, 90));
    }
  }

  private static void awaitPool(GitSandboxFactory factory) throws InterruptedException {
    if (!factory.awaitWarmWorktrees(java.time.Duration.ofMinutes(5))) {
      throw new IllegalStateException("the warm worktree was not replaced within 5 minutes");
    }
  }

  /** Nearest-rank percentile in milliseconds. */
  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
  }

  /** The bare remote and what it takes to add one more commit to it. */
  private static final class Remote {
    final Path path;
    final String[] contents;
    final Random random;
    final int files;
    int commit;

    Remote(Path path, String[] contents, Random random, int commits) {
      this.path = path;
      this.contents = contents;
      this.random = random;
      this.files = contents.length;
      this.commit = commits;
    }

    /** One more commit on main changing 7 files, as another developer would push. */
    void moveOn() throws IOException, InterruptedException {
      commit++;
      StringBuilder stream = new StringBuilder("commit refs/heads/main\n")
          .append("committer Bench <bench@localhost> ").append(1_700_000_000L + commit * 60L).append(" +0000\n");
      appendData(stream, "commit " + commit);
      stream.append("from refs/heads/main^0\n");
      for (int k = 0; k < FILES_CHANGED_PER_COMMIT; k++) {
        int f = random.nextInt(files);
        contents[f] = source(f, commit, random);
        appendFile(stream, f, contents[f]);
      }
      stream.append('\n');
      git(path, stream.toString(), "fast-import", "--quiet");
    }
  }

  private static Remote buildRemote(Path root, int files, int commits) throws IOException, InterruptedException {
    Path remote = root.resolve("remote.git");
    git(root, null, "init", "-q", "--bare", "-b", "main", remote.toString());
    StringBuilder stream = new StringBuilder();
    Random random = new Random(42);
    String[] contents = new String[files];
    for (int f = 0; f < files; f++) {
      contents[f] = source(f, 0, random);
    }
    long time = 1_700_000_000L;
    for (int c = 1; c <= commits; c++) {
      stream.append("commit refs/heads/main\n")
          .append("committer Bench <bench@localhost> ").append(time + c * 60L).append(" +0000\n");
      appendData(stream, "commit " + c);
      if (c == 1) {
        for (int f = 0; f < files; f++) {
          appendFile(stream, f, contents[f]);
        }
      } else {
        for (int k = 0; k < FILES_CHANGED_PER_COMMIT; k++) {
          int f = random.nextInt(files);
          contents[f] = source(f, c, random);
          appendFile(stream, f, contents[f]);
        }
      }
      stream.append('\n');
    }
    git(remote, stream.toString(), "fast-import", "--quiet");
    git(remote, null, "repack", "-a", "-d", "-q");
    return new Remote(remote, contents, random, commits);
  }

  private static void appendFile(StringBuilder stream, int f, String content) {
    stream.append("M 100644 inline src/pkg").append(f % DIRECTORIES).append("/File").append(f).append(".java\n");
    appendData(stream, content);
  }

  private static void appendData(StringBuilder stream, String data) {
    stream.append("data ").append(data.getBytes(StandardCharsets.UTF_8).length).append('\n').append(data).append('\n');
  }

  private static String source(int f, int revision, Random random) {
    StringBuilder text = new StringBuilder("package pkg").append(f % DIRECTORIES).append(";\n\n");
    text.append("/** File ").append(f).append(", revision ").append(revision).append(". */\n");
    text.append("public class File").append(f).append(" {\n");
    for (int m = 0; m < 12; m++) {
      text.append("  public int method").append(m).append("(int x) {\n    return x * ")
          .append(random.nextInt(1000)).append(" + ").append(m).append(";\n  }\n\n");
    }
    return text.append("}\n").toString();
  }

  private static void git(Path dir, String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    if (stdin != null) {
      Path input = Files.createTempFile("awo-bench-stdin-", ".txt");
      Files.writeString(input, stdin, StandardCharsets.UTF_8);
      input.toFile().deleteOnExit();
      builder.redirectInput(input.toFile());
    } else {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
