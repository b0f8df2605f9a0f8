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

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One task as it travels in the task stream: a flat map of string fields, read back with
 * bounds on every field and nothing else accepted. Version {@value #VERSION}: {@code v},
 * {@code task} (the task's id, the same over its attempts), {@code name} (the registered
 * task), {@code args} (a JSON array), {@code reply} (the instance waiting for the result,
 * empty for a job), {@code deadline} (Redis time in milliseconds after which the task is
 * not run, {@code 0} for none), {@code attempt} (from 1) and, when the caller was traced,
 * {@code trace} (the caller's trace context, see {@link TaskTracing}).
 *
 * @param taskId the task's id
 * @param name the registered name of the task
 * @param arguments the arguments, a JSON array
 * @param replyTo the instance that waits for the result, or an empty string for a job
 * @param deadline the Redis time in milliseconds after which the task is not run, or
 * {@code 0}
 * @param attempt the attempt, from 1
 * @param trace the caller's trace context, or an empty string
 * @author reuseport team
 * @since 0.1.0
 */
public record TaskEntry(String taskId, String name, String arguments, String replyTo, long deadline, int attempt,
		String trace) {

	/**
	 * The version of the entry format.
	 */
	public static final String VERSION = "1";

	private static final int MAX_ID = 64;

	private static final int MAX_NAME = 200;

	private static final int MAX_FIELDS = 9;

	/**
	 * Return the entry's fields, as written to the stream.
	 * @return the fields
	 */
	public Map<String, String> toFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("v", VERSION);
		fields.put("task", this.taskId);
		fields.put("name", this.name);
		fields.put("args", this.arguments);
		fields.put("reply", this.replyTo);
		fields.put("deadline", Long.toString(this.deadline));
		fields.put("attempt", Integer.toString(this.attempt));
		if (!this.trace.isEmpty()) {
			fields.put("trace", this.trace);
		}
		return fields;
	}

	/**
	 * Return the same task's next attempt.
	 * @return the entry of the next attempt
	 */
	public TaskEntry nextAttempt() {
		return new TaskEntry(this.taskId, this.name, this.arguments, this.replyTo, this.deadline, this.attempt + 1,
				this.trace);
	}

	/**
	 * Read an entry from the fields of a stream entry.
	 * @param fields the fields, as read from Redis
	 * @param maxArguments the largest {@code args} field accepted, in characters
	 * @return the entry
	 * @throws RejectedEntryException if the fields are not an entry of this version
	 */
	public static TaskEntry of(@Nullable Map<String, String> fields, int maxArguments) {
		if (fields == null || fields.isEmpty()) {
			throw new RejectedEntryException("empty entry (deleted or trimmed)");
		}
		if (fields.size() > MAX_FIELDS) {
			throw new RejectedEntryException("foreign entry: " + fields.size() + " fields");
		}
		if (!VERSION.equals(fields.get("v"))) {
			throw new RejectedEntryException("foreign entry: no version " + VERSION);
		}
		String taskId = field(fields, "task", MAX_ID);
		String name = field(fields, "name", MAX_NAME);
		String arguments = field(fields, "args", maxArguments);
		String replyTo = field(fields, "reply", MAX_ID);
		long deadline = number(fields, "deadline", Long.MAX_VALUE);
		long attempt = number(fields, "attempt", Integer.MAX_VALUE);
		if (taskId.isEmpty() || name.isEmpty() || attempt < 1) {
			throw new RejectedEntryException("foreign entry: no task id, name or attempt");
		}
		String trace = fields.containsKey("trace") ? field(fields, "trace", TaskTracing.MAX_TRACE) : "";
		return new TaskEntry(taskId, name, arguments, replyTo, deadline, (int) attempt, trace);
	}

	private static String field(Map<String, String> fields, String name, int max) {
		String value = fields.get(name);
		if (value == null) {
			throw new RejectedEntryException("foreign entry: no '" + name + "' field");
		}
		if (value.length() > max) {
			throw new RejectedEntryException("'" + name + "' longer than " + max + " characters");
		}
		return value;
	}

	private static long number(Map<String, String> fields, String name, long max) {
		String value = field(fields, name, 19);
		if (value.isEmpty()) {
			throw new RejectedEntryException("'" + name + "' is not a number");
		}
		long result = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9' || result > (max - (c - '0')) / 10) {
				throw new RejectedEntryException("'" + name + "' is not a number up to " + max);
			}
			result = result * 10 + (c - '0');
		}
		return result;
	}

}
