/** Step prompt templates: {@link dev.awo.spi.template.CommandTemplates} and their substitution rules. */
package dev.awo.spi.template;
