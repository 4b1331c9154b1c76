/**
 * Spring Boot auto-configuration for awo: {@link dev.awo.spring.boot.autoconfigure.AwoAutoConfiguration}
 * builds a {@link dev.awo.core.WorkflowOrchestrator} from the {@code awo.*} properties ({@link
 * dev.awo.spring.boot.autoconfigure.AwoProperties}); every bean it defines backs off when the
 * application defines its own.
 */
package dev.awo.spring.boot.autoconfigure;
