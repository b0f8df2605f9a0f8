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

package dev.reuseport.offload.distributed;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The tasks an instance can run for others, by name. A name read from the stream is only
 * ever looked up here: an unknown name is rejected, never resolved to a class.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class TaskRegistry {

	private final Map<String, RegisteredTask> tasks = new ConcurrentHashMap<>();

	/**
	 * Register a task.
	 * @param name the task's name, unique
	 * @param parameterTypes the types its JSON arguments bind to
	 * @param invoker what runs it
	 * @throws IllegalStateException if the name is taken
	 */
	public void register(String name, Type[] parameterTypes, TaskInvoker invoker) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(parameterTypes, "'parameterTypes' must not be null");
		Assert.notNull(invoker, "'invoker' must not be null");
		RegisteredTask task = new RegisteredTask(name, parameterTypes.clone(), invoker);
		if (this.tasks.putIfAbsent(name, task) != null) {
			throw new IllegalStateException("A task named '" + name + "' is already registered");
		}
	}

	/**
	 * Return the task of a name.
	 * @param name the name
	 * @return the task, or {@code null}
	 */
	public @Nullable RegisteredTask get(String name) {
		return this.tasks.get(name);
	}

	/**
	 * Runs a registered task.
	 */
	@FunctionalInterface
	public interface TaskInvoker {

		/**
		 * Run the task.
		 * @param arguments the arguments, bound to the declared types
		 * @param context the task's id and attempt
		 * @return the result, written as JSON (or {@code null})
		 * @throws Exception if the task failed
		 */
		@Nullable Object invoke(@Nullable Object[] arguments, TaskContext context) throws Exception;

	}

	/**
	 * A registered task.
	 *
	 * @param name the name
	 * @param parameterTypes the types its arguments bind to
	 * @param invoker what runs it
	 */
	public record RegisteredTask(String name, Type[] parameterTypes, TaskInvoker invoker) {

	}

}
