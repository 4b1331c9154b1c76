package dev.awo.domain;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable list whose {@link #plus} costs O(1) amortised: lists made by appending to one another
 * share one chunked store. The first {@code plus} from a list of size {@code n} claims slot {@code n}
 * in the store and writes in place; any later {@code plus} from the same list (a fork) copies.
 *
 * <p>Safe for concurrent readers: slots below a list's size are written before that list is created,
 * and never written again. Chunks are fixed-size so growth never copies elements, only the small
 * spine of chunk references.
 */
final class AppendOnlyList<E> extends AbstractList<E> implements RandomAccess {
  private static final int CHUNK_BITS = 10;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;

  private final Store store;
  private final int size;

  private AppendOnlyList(Store store, int size) {
    this.store = store;
    this.size = size;
  }

  /** A new empty list with a store of its own, so unrelated histories never share one. */
  static <E> AppendOnlyList<E> empty() {
    return new AppendOnlyList<>(new Store(), 0);
  }

  /** The same list if it already is one of these, else a copy; rejects null elements. */
  @SuppressWarnings("unchecked")
  static <E> AppendOnlyList<E> copyOf(Collection<? extends E> source, String field) {
    if (source instanceof AppendOnlyList<?> list) {
      return (AppendOnlyList<E>) list;
    }
    AppendOnlyList<E> copy = empty();
    for (E element : source) {
      if (element == null) {
        throw new InvalidInputException(field, "must not contain null elements");
      }
      copy = copy.plus(element);
    }
    return copy;
  }

  /** This list with {@code element} appended; this list is unchanged. */
  AppendOnlyList<E> plus(E element) {
    if (element == null) {
      throw new NullPointerException("element");
    }
    if (store.claimed.compareAndSet(size, size + 1)) {
      store.write(size, element);
      return new AppendOnlyList<>(store, size + 1);
    }
    Store fork = new Store();
    for (int i = 0; i < size; i++) {
      fork.write(i, get(i));
    }
    fork.claimed.set(size + 1);
    fork.write(size, element);
    return new AppendOnlyList<>(fork, size + 1);
  }

  @Override
  @SuppressWarnings("unchecked")
  public E get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + size);
    }
    return (E) store.chunks[index >>> CHUNK_BITS][index & CHUNK_MASK];
  }

  @Override
  public int size() {
    return size;
  }

  private static final class Store {
    final AtomicInteger claimed = new AtomicInteger();
    volatile Object[][] chunks = new Object[1][];

    /**
     * Called only by the thread that claimed {@code index}. A chunk that must be replaced (grown)
     * is replaced in a new spine published through the volatile field, never in place, so a
     * reader never sees a chunk whose contents were not yet copied.
     */
    void write(int index, Object element) {
      int chunkIndex = index >>> CHUNK_BITS;
      int offset = index & CHUNK_MASK;
      Object[][] spine = chunks;
      Object[] chunk = chunkIndex < spine.length ? spine[chunkIndex] : null;
      if (chunk != null && offset < chunk.length) {
        chunk[offset] = element;
        return;
      }
      int capacity = chunk == null ? (chunkIndex == 0 ? 8 : CHUNK_SIZE) : Math.min(CHUNK_SIZE, chunk.length * 2);
      Object[] grown = chunk == null ? new Object[capacity] : Arrays.copyOf(chunk, capacity);
      grown[offset] = element;
      Object[][] newSpine = Arrays.copyOf(spine, Math.max(spine.length, chunkIndex + 1));
      newSpine[chunkIndex] = grown;
      chunks = newSpine;
    }
  }
}
