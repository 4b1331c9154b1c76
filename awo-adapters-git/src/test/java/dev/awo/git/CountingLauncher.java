package dev.awo.git;

import dev.awo.git.internal.GitProcessLauncher;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs git for real through the shared ProcessRunner, counting and recording every process. */
final class CountingLauncher implements GitProcessLauncher {
  private final GitProcessLauncher delegate = GitProcessLauncher.processRunner();
  private final AtomicInteger started = new AtomicInteger();
  final List<List<String>> commands = new CopyOnWriteArrayList<>();

  @Override
  public ProcessResult run(ProcessSpec spec) {
    started.incrementAndGet();
    commands.add(spec.command());
    return delegate.run(spec);
  }

  int started() {
    return started.get();
  }
}
