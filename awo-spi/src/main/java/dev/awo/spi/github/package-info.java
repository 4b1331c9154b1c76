/**
 * Repository-host ports by capability: verify a repository ({@link
 * dev.awo.spi.github.RepositoryVerifier}), read issues ({@link dev.awo.spi.github.IssueSource}), open
 * pull requests ({@link dev.awo.spi.github.PullRequestOpener}) and comment ({@link
 * dev.awo.spi.github.IssueCommenter}). awo-adapters-github implements them with the gh CLI.
 */
package dev.awo.spi.github;
