/** Prompt template sources: built-in classpath defaults and directory overrides. */
package dev.awo.core.template;
