package dev.awo.git.internal;

import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitRepositoryUrl;
import dev.awo.git.UnsafePathException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where things live under the base directory. Every path is derived from a validated {@link
 * WorkOrderId} or a hash of a normalised URL, and checked to resolve inside the base directory:
 *
 * <pre>
 * base/branch/wo-1a2b3c4d          a branch sandbox (full clone)
 * base/branch/wo-1a2b3c4d.owner    who owns it (pid and start time), written before the clone
 * base/worktrees/wo-1a2b3c4d       a worktree sandbox
 * base/mirrors/&lt;key&gt;.git           the shared bare mirror of one repository
 * base/locks/&lt;key&gt;.lock            the mirror's cross-process lock file
 * base/pool/&lt;key&gt;/&lt;uuid&gt;            a warm worktree of that mirror, not yet given to a work order
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SandboxLayout {
  private static final int KEY_HEX_CHARS = 20;
  private final Path base;

  public SandboxLayout(Path base) {
    this.base = base.toAbsolutePath().normalize();
  }

  public Path base() {
    return base;
  }

  public Path branchDirectory() {
    return inside("branch");
  }

  public Path worktreeDirectory() {
    return inside("worktrees");
  }

  public Path branchSandbox(WorkOrderId id) {
    return inside("branch/" + id.value());
  }

  public Path branchOwnerFile(WorkOrderId id) {
    return inside("branch/" + id.value() + ".owner");
  }

  public Path worktreeSandbox(WorkOrderId id) {
    return inside("worktrees/" + id.value());
  }

  public Path mirror(GitRepositoryUrl url) {
    return inside("mirrors/" + key(url) + ".git");
  }

  public Path lockFile(GitRepositoryUrl url) {
    return inside("locks/" + key(url) + ".lock");
  }

  /** Where warm worktrees wait, one directory per mirror key. */
  public Path poolDirectory() {
    return inside("pool");
  }

  /** The directory of the warm worktrees of the mirror at {@code mirror} (a path returned by {@link #mirror}). */
  public Path poolOf(Path mirror) {
    String name = mirror.getFileName().toString();
    return inside("pool/" + name.substring(0, name.length() - ".git".length()));
  }

  public Path mirrorsDirectory() {
    return inside("mirrors");
  }

  /** The lock file of the mirror at {@code mirror} (a path returned by {@link #mirror}). */
  public Path lockFileOf(Path mirror) {
    String name = mirror.getFileName().toString();
    return inside("locks/" + name.substring(0, name.length() - ".git".length()) + ".lock");
  }

  /**
   * Resolves {@code relative} against the base directory, refusing anything that would land outside
   * it (absolute paths, {@code ..}).
   */
  public Path inside(String relative) {
    Path resolved = base.resolve(relative).normalize();
    if (!resolved.startsWith(base) || resolved.equals(base)) {
      throw new UnsafePathException("'" + dev.awo.spi.Arguments.excerpt(relative)
          + "' would resolve outside the sandbox base directory " + base);
    }
    return resolved;
  }

  /** The mirror key: the first hex digits of the SHA-256 of the normalised URL. */
  static String key(GitRepositoryUrl url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.normalized().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, KEY_HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
