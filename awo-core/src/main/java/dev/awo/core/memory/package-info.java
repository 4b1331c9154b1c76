/** In-memory repositories: the defaults when a host supplies none, and models of the contract. */
package dev.awo.core.memory;
