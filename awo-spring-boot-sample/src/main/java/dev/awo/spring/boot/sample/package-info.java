/** The sample Spring Boot application on awo-spring-boot-starter (not published). */
package dev.awo.spring.boot.sample;
