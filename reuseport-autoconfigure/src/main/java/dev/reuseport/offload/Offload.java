/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.offload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a WebFlux controller method on the {@link OffloadScheduler} instead of the event
 * loop. Meant for methods that return a plain value and compute it with CPU work:
 * <pre class="code">
 * &#64;GetMapping("/report")
 * &#64;Offload
 * Report report() {
 *     return this.reports.compute(); // runs on a reuseport-offload thread
 * }
 * </pre> When the scheduler is saturated, the request ends with 503 and
 * {@code Retry-After}; a method that runs past {@code reuseport.offload.timeout} is
 * interrupted and the request ends with 503. The controller must be a proxyable
 * (non-final) class.
 *
 * @author reuseport team
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Offload {

	/**
	 * Whether a call may run on any instance of the application, through the distributed
	 * offload queue ({@code reuseport.offload.distributed.enabled=true}): arguments and
	 * result travel as JSON, and a {@code void} method is a job that runs even if the
	 * calling instance goes away. Applies to methods of beans that return
	 * {@code CompletableFuture}, {@code CompletionStage}, {@code Mono} or {@code void};
	 * other methods (controller methods returning a plain value) run on the local pool as
	 * without it, and can be run by other instances by name.
	 * @return whether the call may run on another instance
	 */
	boolean distributed() default false;

	/**
	 * The name of the task in the distributed queue, unique in the application; defaults
	 * to {@code <bean name>.<method name>}.
	 * @return the name
	 */
	String name() default "";

}
