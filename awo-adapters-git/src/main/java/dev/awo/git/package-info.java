/**
 * Git sandboxes for awo work orders: {@link dev.awo.git.GitSandboxFactory} sets up a full clone
 * ({@code git_branch}) or a worktree of a shared mirror ({@code git_worktree}) and hands back a
 * {@link dev.awo.git.GitSandbox}, which also reports {@link dev.awo.git.GitProgress} and
 * authoritative diff stats ({@link dev.awo.git.GitDiffStats}). The input checks that guard every
 * git command line live here too: {@link dev.awo.git.GitRepositoryUrl} and {@link
 * dev.awo.git.GitBranchName}.
 */
package dev.awo.git;
