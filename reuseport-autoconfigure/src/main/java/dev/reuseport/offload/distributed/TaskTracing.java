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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

/**
 * Carries the caller's trace to the instance that runs its task, the way Spring's
 * messaging instrumentation does: queueing a task is a {@value #SEND} observation whose
 * {@link SenderContext} lets the tracing handler (Micrometer Tracing's
 * {@code PropagatingSenderTracingObservationHandler}) write the trace headers it
 * propagates ({@code traceparent}, {@code b3}, baggage) into the entry's {@code trace}
 * field; running it is a {@value #PROCESS} observation whose {@link ReceiverContext}
 * reads them back, so the task's span continues the caller's trace. Without a tracer
 * nothing is written. The field is read as hostile: at most {@value #MAX_HEADERS} lines
 * of {@code name:value}, {@value #MAX_TRACE} characters in all, parsed in one pass.
 *
 * @author reuseport team
 */
final class TaskTracing {

	/**
	 * The name of the observation of queueing a task.
	 */
	static final String SEND = "reuseport.offload.distributed.send";

	/**
	 * The name of the observation of running a queued task.
	 */
	static final String PROCESS = "reuseport.offload.distributed.process";

	/**
	 * The longest {@code trace} field accepted, in characters.
	 */
	static final int MAX_TRACE = 1024;

	static final int MAX_HEADERS = 8;

	private TaskTracing() {
	}

	/**
	 * Start the observation of queueing a task, a child of the current one.
	 * @param registry the observation registry
	 * @param task the task's name
	 * @param carrier receives the trace headers
	 * @return the started observation
	 */
	static Observation send(ObservationRegistry registry, String task, Map<String, String> carrier) {
		SenderContext<Map<String, String>> context = new SenderContext<>(TaskTracing::put);
		context.setCarrier(carrier);
		context.setRemoteServiceName("redis");
		return Observation.createNotStarted(SEND, () -> context, registry)
			.lowCardinalityKeyValue("task", task)
			.contextualName("send " + task)
			.start();
	}

	/**
	 * Create the observation of running a queued task, continuing the trace its entry
	 * carries.
	 * @param registry the observation registry
	 * @param entry the entry
	 * @return the observation, not started
	 */
	static Observation process(ObservationRegistry registry, TaskEntry entry) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
		context.setCarrier(decode(entry.trace()));
		context.setRemoteServiceName("redis");
		return Observation.createNotStarted(PROCESS, () -> context, registry)
			.lowCardinalityKeyValue("task", entry.name())
			.highCardinalityKeyValue("attempt", Integer.toString(entry.attempt()))
			.contextualName("process " + entry.name());
	}

	/**
	 * Write trace headers as the {@code trace} field: {@code name:value} lines. A header
	 * that would break the format or the bounds is left out.
	 * @param carrier the headers
	 * @return the field, empty without headers
	 */
	static String encode(Map<String, String> carrier) {
		StringBuilder field = new StringBuilder();
		int headers = 0;
		for (Map.Entry<String, String> header : carrier.entrySet()) {
			String name = header.getKey();
			String value = header.getValue();
			int length = name.length() + value.length() + ((field.length() > 0) ? 2 : 1);
			if (headers == MAX_HEADERS || field.length() + length > MAX_TRACE || name.isEmpty()
					|| name.indexOf(':') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\n') >= 0) {
				continue;
			}
			if (field.length() > 0) {
				field.append('\n');
			}
			field.append(name).append(':').append(value);
			headers++;
		}
		return field.toString();
	}

	/**
	 * Read the {@code trace} field back, in one pass; lines beyond the bound or without a
	 * name are ignored.
	 * @param field the field, at most {@value #MAX_TRACE} characters
	 * @return the headers
	 */
	static Map<String, String> decode(String field) {
		Map<String, String> headers = new LinkedHashMap<>();
		int start = 0;
		int colon = -1;
		while (start < field.length() && headers.size() < MAX_HEADERS) {
			int end = field.indexOf('\n', start);
			if (end < 0) {
				end = field.length();
			}
			if (colon < start) {
				// the next colon is searched once for all the lines before it: linear
				colon = field.indexOf(':', start);
				colon = (colon < 0) ? field.length() : colon;
			}
			if (colon > start && colon < end) {
				headers.putIfAbsent(field.substring(start, colon), field.substring(colon + 1, end));
			}
			start = end + 1;
		}
		return headers;
	}

	private static void put(Map<String, String> carrier, String key, String value) {
		carrier.put(key, value);
	}

}
