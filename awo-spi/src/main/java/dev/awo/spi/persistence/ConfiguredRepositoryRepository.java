package dev.awo.spi.persistence;

import java.util.List;
import java.util.Optional;

/**
 * Stores {@link ConfiguredRepository configured repositories}. Supplied by the host; the example
 * host has an in-memory default.
 *
 * <p>The contract: {@code save} creates or replaces the entry with that id and is visible to every
 * thread once it returns; a save whose {@code repositoryUrl} another entry already has is refused
 * with {@link DuplicateRepositoryException} and changes nothing; {@code find} of an unknown id is
 * empty; {@code list} returns entries oldest first (by creation time, then id); {@code delete}
 * answers whether something was removed; null arguments are refused with an exception naming them.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface ConfiguredRepositoryRepository {

  /** Creates or replaces the entry with {@code repository.id()}. */
  void save(ConfiguredRepository repository);

  /** The entry with this id, or empty. */
  Optional<ConfiguredRepository> find(String id);

  /** The entry registered for this URL (compared exactly), or empty. */
  Optional<ConfiguredRepository> findByUrl(String repositoryUrl);

  /** Every entry, oldest first. */
  List<ConfiguredRepository> list();

  /** Removes the entry with this id; false when there was none. */
  boolean delete(String id);

  /** Another configured repository already has this URL. */
  final class DuplicateRepositoryException extends dev.awo.domain.AwoException {
    private static final long serialVersionUID = 1L;

    /** {@code existingId} already has {@code repositoryUrl}. */
    public DuplicateRepositoryException(String repositoryUrl, String existingId) {
      super("The repository " + repositoryUrl + " is already configured as " + existingId
          + "; change that one instead");
    }
  }
}
