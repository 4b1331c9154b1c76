/**
 * GitHub through the GitHub CLI: {@link dev.awo.github.GhCli} implements the repository, issue, pull
 * request and comment ports of {@code dev.awo.spi.github} with {@code gh}, configured by {@link
 * dev.awo.github.GhConfig}; {@link dev.awo.github.GitHubRepositoryRef} parses repository references;
 * {@link dev.awo.github.IssueProgressComment} keeps a live progress comment on a work order's issue.
 */
package dev.awo.github;
