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
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a task's JSON arguments to its declared parameter types, and writes results. The
 * mapper has no default typing and fails on unknown properties; the input is bounded in
 * length (by {@link TaskEntry}) and in nesting depth, parsed in one linear pass, and any
 * {@code @class} or {@code @type} member is rejected before binding: nothing read from
 * Redis names a class to load.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class TaskArguments {

	private static final int MAX_DEPTH = 32;

	private final JsonMapper mapper;

	/**
	 * Create a new instance.
	 */
	public TaskArguments() {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
			.build();
		this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * Write arguments (or a result) as JSON.
	 * @param value the value
	 * @return the JSON
	 */
	public String write(@Nullable Object value) {
		return this.mapper.writeValueAsString(value);
	}

	/**
	 * Read a result written by {@link #write(Object)}.
	 * @param json the result
	 * @param type the type to read it as
	 * @return the result
	 */
	public @Nullable Object read(String json, Type type) {
		return this.mapper.readerFor(this.mapper.getTypeFactory().constructType(type)).readValue(json);
	}

	/**
	 * Bind a JSON array to parameter types.
	 * @param json the arguments
	 * @param types the declared parameter types
	 * @return the arguments
	 * @throws RejectedEntryException if they do not bind
	 */
	public @Nullable Object[] bind(String json, Type[] types) {
		JsonNode tree;
		try {
			tree = this.mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new RejectedEntryException("arguments are not JSON: " + ex.getOriginalMessage());
		}
		if (tree == null || !tree.isArray() || tree.size() != types.length) {
			throw new RejectedEntryException("arguments are not a JSON array of " + types.length);
		}
		rejectTypeNames(tree);
		@Nullable Object[] arguments = new Object[types.length];
		for (int i = 0; i < types.length; i++) {
			JavaType type = this.mapper.getTypeFactory().constructType(types[i]);
			try {
				arguments[i] = this.mapper.readerFor(type).readValue(tree.get(i));
			}
			catch (JacksonException ex) {
				throw new RejectedEntryException(
						"argument " + i + " does not bind to " + type.toCanonical() + ": " + ex.getOriginalMessage());
			}
		}
		return arguments;
	}

	private static void rejectTypeNames(JsonNode tree) {
		Deque<JsonNode> pending = new ArrayDeque<>();
		pending.push(tree);
		while (!pending.isEmpty()) {
			JsonNode node = pending.pop();
			if (node.isObject()) {
				for (String name : node.propertyNames()) {
					if (name.equals("@class") || name.equals("@type") || name.equals("@c")) {
						throw new RejectedEntryException("arguments carry a type name ('" + name + "')");
					}
				}
			}
			if (node.isContainer()) {
				node.values().forEach(pending::push);
			}
		}
	}

}
