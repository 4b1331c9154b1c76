package dev.awo.testkit.contract;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.persistence.StepHistoryRepository;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Step-history repositories that each break one rule of the kit, the way real stores do. */
final class BrokenStepHistories {
  private BrokenStepHistories() {}

  /** A correct store that the broken ones bend in one place each. */
  static class Correct implements StepHistoryRepository {
    final Map<WorkOrderId, StepHistory> stored = new ConcurrentHashMap<>();

    @Override
    public synchronized void save(StepHistory snapshot) {
      Objects.requireNonNull(snapshot, "snapshot must not be null");
      StepHistory old = stored.get(snapshot.workOrderId());
      if (old == null || old.version() <= snapshot.version()) {
        stored.put(snapshot.workOrderId(), snapshot);
      }
    }

    @Override
    public Optional<StepHistory> find(WorkOrderId id) {
      Objects.requireNonNull(id, "id must not be null");
      return Optional.ofNullable(stored.get(id));
    }
  }

  /** Stores every result through {@code change}, as a lossy column type would. */
  static StepHistoryRepository storingResultsAs(UnaryOperator<StepResult> change) {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        super.save(StepHistory.of(snapshot.workOrderId(), snapshot.results().stream().map(change).toList()));
      }
    };
  }

  /** Stores every text field through {@code change}. */
  static StepHistoryRepository storingTextAs(UnaryOperator<String> change) {
    UnaryOperator<String> nullSafe = s -> s == null ? null : change.apply(s);
    return storingResultsAs(r -> new StepResult(nullSafe.apply(r.step()), nullSafe.apply(r.agentName()), r.outcome(),
        nullSafe.apply(r.output()), nullSafe.apply(r.errorMessage()), r.startedAt(), r.duration(), r.attempt(),
        nullSafe.apply(r.sessionId()), r.costUsd(), r.tokenUsage(), r.turns(),
        r.data().entrySet().stream().collect(Collectors.toMap(e -> nullSafe.apply(e.getKey()),
            e -> nullSafe.apply(e.getValue())))));
  }

  static StepHistoryRepository emptyHistoryForUnknownIds() {
    return new Correct() {
      @Override
      public Optional<StepHistory> find(WorkOrderId id) {
        return Optional.of(super.find(id).orElse(StepHistory.empty(id)));
      }
    };
  }

  static StepHistoryRepository droppingSessionIds() {
    return storingResultsAs(r -> new StepResult(r.step(), r.agentName(), r.outcome(), r.output(), r.errorMessage(),
        r.startedAt(), r.duration(), r.attempt(), null, r.costUsd(), r.tokenUsage(), r.turns(), r.data()));
  }

  /** Has no column for the head commit, and an outcome enum from before INTERRUPTED. */
  static StepHistoryRepository droppingHeadCommitsAndInterruptions() {
    return storingResultsAs(r -> new StepResult(r.step(), r.agentName(),
        r.interrupted() ? dev.awo.domain.StepOutcome.FAILED : r.outcome(), r.output(), r.errorMessage(),
        r.startedAt(), r.duration(), r.attempt(), r.sessionId(), r.costUsd(), r.tokenUsage(), r.turns(), r.data()));
  }

  static StepHistoryRepository ignoringEmptySnapshots() {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        if (!snapshot.isEmpty()) {
          super.save(snapshot);
        }
      }
    };
  }

  /** Keeps the versions per work order right, but the results of whichever history was saved last. */
  static StepHistoryRepository mixingWorkOrders() {
    return new Correct() {
      private volatile StepHistory last;

      @Override
      public synchronized void save(StepHistory snapshot) {
        super.save(snapshot);
        last = snapshot;
      }

      @Override
      public Optional<StepHistory> find(WorkOrderId id) {
        return super.find(id).map(own -> last.version() == own.version() ? StepHistory.of(id, last.results()) : own);
      }
    };
  }

  static StepHistoryRepository cuttingTextTo255() {
    return storingTextAs(s -> s.length() > 255 ? s.substring(0, 255) : s);
  }

  /** Replaces characters outside the Basic Multilingual Plane, as MySQL's 3-byte utf8 does. */
  static StepHistoryRepository droppingAstralCharacters() {
    return storingTextAs(s -> s.codePoints().map(c -> Character.isBmpCodePoint(c) ? c : '?')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
  }

  static StepHistoryRepository keepingMilliseconds() {
    return storingResultsAs(r -> new StepResult(r.step(), r.agentName(), r.outcome(), r.output(), r.errorMessage(),
        r.startedAt().truncatedTo(ChronoUnit.MILLIS), r.duration().truncatedTo(ChronoUnit.MILLIS), r.attempt(),
        r.sessionId(), r.costUsd(), r.tokenUsage(), r.turns(), r.data()));
  }

  static StepHistoryRepository storingNullAsEmptyText() {
    return storingResultsAs(r -> new StepResult(r.step(), r.agentName() == null ? "" : r.agentName(), r.outcome(),
        r.output() == null ? "" : r.output(), r.errorMessage() == null ? "" : r.errorMessage(), r.startedAt(),
        r.duration(), r.attempt(), r.sessionId() == null ? "" : r.sessionId(), r.costUsd(), r.tokenUsage(), r.turns(),
        r.data()));
  }

  /** Appends every snapshot's results to what is stored, as an INSERT-only store without a version check would. */
  static StepHistoryRepository appendingWholeSnapshots() {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        StepHistory old = stored.getOrDefault(snapshot.workOrderId(), StepHistory.empty(snapshot.workOrderId()));
        if (snapshot.version() > old.version()) {
          StepHistory grown = old;
          for (StepResult r : snapshot.results()) {
            grown = grown.append(r);
          }
          stored.put(snapshot.workOrderId(), grown);
        }
      }
    };
  }

  /** Answers every read of a work order with the first snapshot it read for it. */
  static StepHistoryRepository cachingFirstRead() {
    return new Correct() {
      private final Map<WorkOrderId, StepHistory> cache = new ConcurrentHashMap<>();

      @Override
      public Optional<StepHistory> find(WorkOrderId id) {
        return super.find(id).map(fresh -> cache.computeIfAbsent(id, k -> fresh));
      }
    };
  }

  static StepHistoryRepository acceptingOnlyTheNextVersion() {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        long next = stored.containsKey(snapshot.workOrderId()) ? stored.get(snapshot.workOrderId()).version() + 1 : 1;
        if (snapshot.version() == next) {
          stored.put(snapshot.workOrderId(), snapshot);
        }
      }
    };
  }

  static StepHistoryRepository regressing() {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        stored.put(snapshot.workOrderId(), snapshot);
      }
    };
  }

  static StepHistoryRepository refusingTheSameVersion() {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        StepHistory old = stored.get(snapshot.workOrderId());
        if (old != null && old.version() == snapshot.version() && old.version() > 0) {
          throw new IllegalStateException("duplicate key (work_order_id, seq)");
        }
        super.save(snapshot);
      }
    };
  }

  /** Returns from save at once and stores a little later, on another thread. */
  static final class AcknowledgingEarly extends Correct implements AutoCloseable {
    private final LateWriter writer = new LateWriter();

    @Override
    public void save(StepHistory snapshot) {
      Objects.requireNonNull(snapshot, "snapshot must not be null");
      writer.later(() -> super.save(snapshot));
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  /** Serves about half the reads from a replica that is one save behind. */
  static StepHistoryRepository readingFromALaggingReplica() {
    return new Correct() {
      private final Map<WorkOrderId, StepHistory> replica = new ConcurrentHashMap<>();

      @Override
      public synchronized void save(StepHistory snapshot) {
        StepHistory before = stored.get(snapshot.workOrderId());
        super.save(snapshot);
        replica.put(snapshot.workOrderId(), before == null ? stored.get(snapshot.workOrderId()) : before);
      }

      @Override
      public Optional<StepHistory> find(WorkOrderId id) {
        return ThreadLocalRandom.current().nextBoolean() ? Optional.ofNullable(replica.get(id)) : super.find(id);
      }
    };
  }

  /** Copies the whole map, changes the copy and publishes it, without a lock: concurrent saves get lost. */
  static StepHistoryRepository losingConcurrentUpdates() {
    return new StepHistoryRepository() {
      private volatile Map<WorkOrderId, StepHistory> published = Map.of();

      @Override
      public void save(StepHistory snapshot) {
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        Map<WorkOrderId, StepHistory> copy = new HashMap<>(published);
        pause();
        copy.merge(snapshot.workOrderId(), snapshot, (old, now) -> now.version() >= old.version() ? now : old);
        published = Map.copyOf(copy);
      }

      @Override
      public Optional<StepHistory> find(WorkOrderId id) {
        Objects.requireNonNull(id, "id must not be null");
        return Optional.ofNullable(published.get(id));
      }
    };
  }

  /** Checks the stored version, then writes, without holding a lock in between. */
  static StepHistoryRepository checkingThenWritingWithoutALock() {
    return new Correct() {
      @Override
      public void save(StepHistory snapshot) {
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        StepHistory old = stored.get(snapshot.workOrderId());
        if (old == null || old.version() <= snapshot.version()) {
          pause();
          stored.put(snapshot.workOrderId(), snapshot);
        }
      }
    };
  }

  static StepHistoryRepository acceptingNulls() {
    return new Correct() {
      @Override
      public synchronized void save(StepHistory snapshot) {
        if (snapshot != null) {
          super.save(snapshot);
        }
      }

      @Override
      public Optional<StepHistory> find(WorkOrderId id) {
        return id == null ? Optional.empty() : super.find(id);
      }
    };
  }

  /** Long enough for another thread to run in between on a busy 2-core machine. */
  static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
