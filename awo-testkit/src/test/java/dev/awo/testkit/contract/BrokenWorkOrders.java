package dev.awo.testkit.contract;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.persistence.DuplicateIdempotencyKeyException;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Work-order repositories that each break one rule of the kit, the way real stores do. */
final class BrokenWorkOrders {
  private static final Comparator<WorkOrder> OLDEST_FIRST =
      Comparator.comparing(WorkOrder::createdAt).thenComparing(o -> o.id().value());

  private BrokenWorkOrders() {}

  /** A correct store that the broken ones bend in one place each. */
  static class Correct implements WorkOrderRepository {
    final Map<WorkOrderId, WorkOrder> stored = new ConcurrentHashMap<>();

    @Override
    public void save(WorkOrder workOrder) {
      Objects.requireNonNull(workOrder, "workOrder must not be null");
      synchronized (stored) {
        refuseHeldKey(workOrder);
        stored.put(workOrder.id(), workOrder);
      }
    }

    @Override
    public boolean create(WorkOrder workOrder) {
      Objects.requireNonNull(workOrder, "workOrder must not be null");
      synchronized (stored) {
        if (stored.containsKey(workOrder.id())) {
          return false;
        }
        save(workOrder);
        return true;
      }
    }

    /** Throws when another stored work order holds {@code workOrder}'s idempotency key. */
    final void refuseHeldKey(WorkOrder workOrder) {
      stored.values().stream()
          .filter(o -> o.idempotencyKey() != null && o.idempotencyKey().equals(workOrder.idempotencyKey()))
          .filter(o -> !o.id().equals(workOrder.id())).findFirst().ifPresent(o -> {
            throw new DuplicateIdempotencyKeyException(workOrder.id(), o.id());
          });
    }

    @Override
    public Optional<WorkOrder> find(WorkOrderId id) {
      Objects.requireNonNull(id, "id must not be null");
      return Optional.ofNullable(stored.get(id));
    }

    @Override
    public List<WorkOrder> list() {
      return stored.values().stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public List<WorkOrder> list(WorkOrderStatus status) {
      Objects.requireNonNull(status, "status must not be null");
      return list().stream().filter(o -> o.status() == status).toList();
    }
  }

  /** Stores every work order through {@code change}, as a lossy column type would. */
  static WorkOrderRepository storingAs(UnaryOperator<WorkOrder> change) {
    return new Correct() {
      @Override
      public void save(WorkOrder workOrder) {
        super.save(change.apply(Objects.requireNonNull(workOrder, "workOrder must not be null")));
      }
    };
  }

  static WorkOrderRepository storingTextAs(UnaryOperator<String> change) {
    UnaryOperator<String> f = s -> s == null ? null : change.apply(s);
    return storingAs(o -> new WorkOrder(o.id(), f.apply(o.repositoryUrl()), f.apply(o.userRequest()), o.issueNumber(),
        o.sandboxType(), f.apply(o.workflow()), o.status(), f.apply(o.currentStep()), f.apply(o.branchName()),
        f.apply(o.prUrl()), f.apply(o.errorMessage()), f.apply(o.baseCommit()), f.apply(o.headCommit()), o.diffStats(),
        f.apply(o.sandboxPath()), o.createdAt(), o.updatedAt(), o.idempotencyKey(), o.maxCostUsd(), o.maxTurns()));
  }

  static WorkOrderRepository throwingForUnknownIds() {
    return new Correct() {
      @Override
      public Optional<WorkOrder> find(WorkOrderId id) {
        return Optional.of(super.find(id).orElseThrow(() -> new NoSuchElementException("no work order " + id)));
      }
    };
  }

  static WorkOrderRepository droppingBudgets() {
    return storingAs(o -> o.toBuilder().maxCostUsd(null).maxTurns(null).build());
  }

  /** Creates with an upsert: a second work order drawn with a stored id replaces the first. */
  static WorkOrderRepository creatingByReplacing() {
    return new Correct() {
      @Override
      public boolean create(WorkOrder workOrder) {
        save(workOrder);
        return true;
      }
    };
  }

  /** Looks the id up, then saves, without a lock: the interface's default create, in a shared store. */
  static WorkOrderRepository creatingWithoutALock() {
    return new Correct() {
      @Override
      public boolean create(WorkOrder workOrder) {
        if (find(Objects.requireNonNull(workOrder, "workOrder must not be null").id()).isPresent()) {
          return false;
        }
        BrokenStepHistories.pause();
        save(workOrder);
        return true;
      }
    };
  }

  /** Answers false for every create, as a store checking the wrong column for the id would. */
  static WorkOrderRepository refusingEveryCreate() {
    return new Correct() {
      @Override
      public boolean create(WorkOrder workOrder) {
        Objects.requireNonNull(workOrder, "workOrder must not be null");
        return false;
      }
    };
  }

  /** Creates without checking idempotency keys: a second work order takes a key already held. */
  static WorkOrderRepository creatingWithoutKeyChecks() {
    return new Correct() {
      @Override
      public boolean create(WorkOrder workOrder) {
        return stored.putIfAbsent(Objects.requireNonNull(workOrder, "workOrder must not be null").id(), workOrder) == null;
      }
    };
  }

  static WorkOrderRepository droppingPullRequestUrls() {
    return storingAs(o -> o.toBuilder().prUrl(null).build());
  }

  static WorkOrderRepository storingNullAsEmptyText() {
    return storingAs(o -> o.toBuilder().branchName(o.branchName() == null ? "" : o.branchName()).build());
  }

  static WorkOrderRepository droppingAstralCharacters() {
    return storingTextAs(s -> s.codePoints().map(c -> Character.isBmpCodePoint(c) ? c : '?')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
  }

  static WorkOrderRepository cuttingTextTo64KiB() {
    return storingTextAs(s -> s.length() > 65_535 ? s.substring(0, 65_535) : s);
  }

  static WorkOrderRepository keepingMilliseconds() {
    return storingAs(o -> o.toBuilder().createdAt(o.createdAt().truncatedTo(ChronoUnit.MILLIS))
        .updatedAt(o.updatedAt().truncatedTo(ChronoUnit.MILLIS)).build());
  }

  /** Keys work orders by repository URL: two work orders on one repository overwrite each other. */
  static WorkOrderRepository keyingByRepository() {
    return new Correct() {
      private final Map<String, WorkOrder> byUrl = new ConcurrentHashMap<>();

      @Override
      public void save(WorkOrder workOrder) {
        super.save(workOrder);
        byUrl.put(workOrder.repositoryUrl(), workOrder);
      }

      @Override
      public Optional<WorkOrder> find(WorkOrderId id) {
        return super.find(id).map(o -> byUrl.get(o.repositoryUrl()));
      }
    };
  }

  /** Inserts a row on every save; reads the first row of an id. */
  static WorkOrderRepository insertingOnEverySave() {
    return new WorkOrderRepository() {
      private final List<WorkOrder> rows = new CopyOnWriteArrayList<>();

      @Override
      public void save(WorkOrder workOrder) {
        rows.add(Objects.requireNonNull(workOrder, "workOrder must not be null"));
      }

      @Override
      public Optional<WorkOrder> find(WorkOrderId id) {
        Objects.requireNonNull(id, "id must not be null");
        return rows.stream().filter(o -> o.id().equals(id)).findFirst();
      }

      @Override
      public List<WorkOrder> list() {
        return rows.stream().sorted(OLDEST_FIRST).toList();
      }

      @Override
      public List<WorkOrder> list(WorkOrderStatus status) {
        Objects.requireNonNull(status, "status must not be null");
        return list().stream().filter(o -> o.status() == status).toList();
      }
    };
  }

  static WorkOrderRepository listingInSaveOrder() {
    return new Correct() {
      private final List<WorkOrderId> order = new CopyOnWriteArrayList<>();

      @Override
      public void save(WorkOrder workOrder) {
        if (!stored.containsKey(workOrder.id())) {
          order.add(workOrder.id());
        }
        super.save(workOrder);
      }

      @Override
      public List<WorkOrder> list() {
        return order.stream().map(stored::get).toList();
      }
    };
  }

  /** Filters by the status a work order had when it was first saved, as a stale index would. */
  static WorkOrderRepository filteringByTheFirstStatus() {
    return new Correct() {
      private final Map<WorkOrderId, WorkOrderStatus> firstStatus = new ConcurrentHashMap<>();

      @Override
      public void save(WorkOrder workOrder) {
        super.save(workOrder);
        firstStatus.putIfAbsent(workOrder.id(), workOrder.status());
      }

      @Override
      public List<WorkOrder> list(WorkOrderStatus status) {
        Objects.requireNonNull(status, "status must not be null");
        return list().stream().filter(o -> firstStatus.get(o.id()) == status).toList();
      }
    };
  }

  /** Returns from save at once and stores a little later, on another thread. */
  static final class AcknowledgingEarly extends Correct implements AutoCloseable {
    private final LateWriter writer = new LateWriter();

    @Override
    public void save(WorkOrder workOrder) {
      Objects.requireNonNull(workOrder, "workOrder must not be null");
      writer.later(() -> super.save(workOrder));
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  /** Copies the whole map, changes the copy and publishes it, without a lock: concurrent saves get lost. */
  static WorkOrderRepository losingConcurrentUpdates() {
    return new Correct() {
      private volatile Map<WorkOrderId, WorkOrder> published = Map.of();

      @Override
      public void save(WorkOrder workOrder) {
        Objects.requireNonNull(workOrder, "workOrder must not be null");
        Map<WorkOrderId, WorkOrder> copy = new HashMap<>(published);
        BrokenStepHistories.pause();
        copy.put(workOrder.id(), workOrder);
        published = Map.copyOf(copy);
      }

      @Override
      public Optional<WorkOrder> find(WorkOrderId id) {
        Objects.requireNonNull(id, "id must not be null");
        return Optional.ofNullable(published.get(id));
      }

      @Override
      public List<WorkOrder> list() {
        return new ArrayList<>(published.values()).stream().sorted(OLDEST_FIRST).toList();
      }
    };
  }

  /** Keeps keys but lets a second work order take one: the last writer wins, as without a unique index. */
  static WorkOrderRepository ignoringIdempotencyKeys() {
    return new Correct() {
      @Override
      public void save(WorkOrder workOrder) {
        stored.put(Objects.requireNonNull(workOrder, "workOrder must not be null").id(), workOrder);
      }
    };
  }

  /** Checks the key, then writes, without a lock or constraint: concurrent savers all get through. */
  static WorkOrderRepository checkingKeysWithoutALock() {
    return new Correct() {
      @Override
      public void save(WorkOrder workOrder) {
        Objects.requireNonNull(workOrder, "workOrder must not be null");
        refuseHeldKey(workOrder);
        BrokenStepHistories.pause();
        stored.put(workOrder.id(), workOrder);
      }
    };
  }

  static WorkOrderRepository acceptingNulls() {
    return new Correct() {
      @Override
      public void save(WorkOrder workOrder) {
        if (workOrder != null) {
          super.save(workOrder);
        }
      }

      @Override
      public boolean create(WorkOrder workOrder) {
        return workOrder != null && super.create(workOrder);
      }

      @Override
      public Optional<WorkOrder> find(WorkOrderId id) {
        return id == null ? Optional.empty() : super.find(id);
      }

      @Override
      public List<WorkOrder> list(WorkOrderStatus status) {
        return status == null ? List.of() : super.list(status);
      }
    };
  }
}
