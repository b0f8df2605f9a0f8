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

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.util.context.ContextView;

import org.springframework.util.ClassUtils;

/**
 * Carries the caller's context to the offload thread with Micrometer's context
 * propagation, the mechanism of Spring Boot's {@code ContextPropagatingTaskDecorator}:
 * the values of every registered {@code ThreadLocalAccessor} (the current observation and
 * with it the tracing span, MDC where an accessor is registered) are captured from the
 * subscriber's Reactor context and the submitting thread, and restored around the task.
 * Without {@code io.micrometer:context-propagation} on the class path, tasks run as they
 * are.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class CallerContext {

	static final String CONTEXT_SNAPSHOT_FACTORY = "io.micrometer.context.ContextSnapshotFactory";

	private static final boolean PRESENT = ClassUtils.isPresent(CONTEXT_SNAPSHOT_FACTORY,
			CallerContext.class.getClassLoader());

	private CallerContext() {
	}

	/**
	 * Wrap a task so that it runs with the context of the caller.
	 * @param <T> the result type
	 * @param task the task
	 * @param context the subscriber's Reactor context
	 * @return the task, wrapped when context propagation is available
	 */
	static <T> Callable<T> propagate(Callable<T> task, ContextView context) {
		return PRESENT ? Snapshots.wrap(task, context) : task;
	}

	/**
	 * Call a function here with the caller's context restored: the values of every
	 * registered {@code ThreadLocalAccessor} taken from a Reactor context (the current
	 * observation, from which a queued task starts its trace).
	 * @param <T> the result type
	 * @param context the subscriber's Reactor context
	 * @param function the function
	 * @return its result
	 */
	public static <T> T within(ContextView context, Supplier<T> function) {
		if (!PRESENT) {
			return function.get();
		}
		try {
			return Snapshots.wrap(function::get, context).call();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class Snapshots {

		private static final ContextSnapshotFactory FACTORY = ContextSnapshotFactory.builder().build();

		static <T> Callable<T> wrap(Callable<T> task, ContextView context) {
			ContextSnapshot snapshot = FACTORY.captureAll(context);
			return () -> {
				try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
					return task.call();
				}
			};
		}

	}

}
