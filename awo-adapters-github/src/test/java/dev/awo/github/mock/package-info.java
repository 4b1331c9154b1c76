/** A loopback mock of the GitHub API for testing gh against (test code only). */
package dev.awo.github.mock;
