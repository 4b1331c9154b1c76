package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.SandboxType;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository.DuplicateRepositoryException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ConfiguredRepositoryRepository} must honour, as an abstract JUnit 5
 * class: extend it and supply only {@link #createRepository()}, returning an empty repository.
 *
 * <pre>{@code
 * class MyConfiguredRepositoriesTest extends ConfiguredRepositoryRepositoryContract {
 *   @Override protected ConfiguredRepositoryRepository createRepository() { return new MyRepositories(freshSchema()); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class ConfiguredRepositoryRepositoryContract extends RepositoryContract<ConfiguredRepositoryRepository> {
  private static final AtomicInteger NEXT = new AtomicInteger(0x1000_0000);

  /** Creates the kit; a subclass supplies only {@link #createRepository()}. */
  protected ConfiguredRepositoryRepositoryContract() {}

  /** A configured repository with a fresh id and URL, created {@code seconds} after {@link TestValues#T0}. */
  static ConfiguredRepository entry(long seconds) {
    int n = NEXT.getAndIncrement();
    return new ConfiguredRepository("repo-" + Integer.toHexString(n), "https://github.com/acme/widgets-" + n,
        "Widgets " + TestValues.AWKWARD_TEXT.replace("\n", " ").replace("\t", " "), "acme", "widgets-" + n, "main",
        SandboxType.GIT_WORKTREE, "default", TestValues.T0.plusSeconds(seconds),
        TestValues.T0.plusSeconds(seconds + 1).plusNanos(7));
  }

  @Test
  @DisplayName("a saved entry is read back equal, by id and by URL, every field intact")
  void roundTrip() {
    ConfiguredRepository entry = entry(1);
    repository.save(entry);
    assertEquals(Optional.of(entry), repository.find(entry.id()));
    assertEquals(Optional.of(entry), repository.findByUrl(entry.repositoryUrl()));
  }

  @Test
  @DisplayName("an unknown id or URL gives an empty result, not an exception")
  void unknownIsEmpty() {
    assertEquals(Optional.empty(), repository.find("repo-0badc0de"));
    assertEquals(Optional.empty(), repository.findByUrl("https://github.com/acme/nothing-here"));
  }

  @Test
  @DisplayName("saving an entry again replaces it")
  void saveReplaces() {
    ConfiguredRepository entry = entry(1);
    repository.save(entry);
    ConfiguredRepository changed = new ConfiguredRepository(entry.id(), entry.repositoryUrl(), "Renamed",
        entry.owner(), entry.name(), "trunk", SandboxType.GIT_BRANCH, "other-flow", entry.createdAt(),
        entry.verifiedAt().plusSeconds(60));
    repository.save(changed);
    assertEquals(Optional.of(changed), repository.find(entry.id()));
    assertEquals(List.of(changed), repository.list());
  }

  @Test
  @DisplayName("a second entry with a URL already configured is refused and changes nothing")
  void duplicateUrlIsRefused() {
    ConfiguredRepository first = entry(1);
    repository.save(first);
    ConfiguredRepository other = entry(2);
    ConfiguredRepository sameUrl = new ConfiguredRepository(other.id(), first.repositoryUrl(), other.displayName(),
        other.owner(), other.name(), other.defaultBranch(), other.defaultSandboxType(), other.defaultWorkflow(),
        other.createdAt(), other.verifiedAt());
    assertThrows(DuplicateRepositoryException.class, () -> repository.save(sameUrl));
    assertEquals(List.of(first), repository.list());
    assertEquals(Optional.empty(), repository.find(other.id()));
  }

  @Test
  @DisplayName("the list is oldest first, by creation time, then id")
  void listIsOldestFirst() {
    ConfiguredRepository late = entry(30);
    ConfiguredRepository early = entry(10);
    repository.save(late);
    repository.save(early);
    assertEquals(List.of(early, late), repository.list());
  }

  @Test
  @DisplayName("delete removes the entry, frees its URL, and answers whether there was one")
  void deleteRemoves() {
    ConfiguredRepository entry = entry(1);
    repository.save(entry);
    assertTrue(repository.delete(entry.id()));
    assertFalse(repository.delete(entry.id()));
    assertEquals(Optional.empty(), repository.find(entry.id()));
    ConfiguredRepository again = new ConfiguredRepository("repo-0000beef", entry.repositoryUrl(), "Again",
        entry.owner(), entry.name(), entry.defaultBranch(), entry.defaultSandboxType(), entry.defaultWorkflow(),
        entry.createdAt(), entry.verifiedAt());
    repository.save(again);
    assertEquals(Optional.of(again), repository.findByUrl(entry.repositoryUrl()));
  }

  @Test
  @DisplayName("null arguments are refused")
  void nullsAreRefused() {
    assertThrows(RuntimeException.class, () -> repository.save(null));
    assertThrows(RuntimeException.class, () -> repository.find(null));
    assertThrows(RuntimeException.class, () -> repository.findByUrl(null));
    assertThrows(RuntimeException.class, () -> repository.delete(null));
  }
}
