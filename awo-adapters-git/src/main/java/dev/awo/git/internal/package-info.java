/**
 * Implementation of the git sandboxes: the git command runner, the two sandbox kinds, the shared
 * mirrors and their cross-process lock, and the directory layout. No compatibility promise.
 */
package dev.awo.git.internal;
