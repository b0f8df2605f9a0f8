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

package dev.reuseport.web;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Spring's server request observation convention with one more low-cardinality key,
 * {@code worker}: the index of the worker that serves the request's connection, read from
 * the connection ({@link WorkerRequests}), or {@code none} for a server that is not a
 * reuseport worker, such as a separate management port. Applies to
 * {@code http.server.requests} metrics and traces.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class WorkerServerRequestObservationConvention extends DefaultServerRequestObservationConvention {

	/**
	 * The key name.
	 */
	public static final String WORKER = "worker";

	private static final KeyValue NONE = KeyValue.of(WORKER, "none");

	private final Map<Integer, KeyValue> workers = new ConcurrentHashMap<>();

	public WorkerServerRequestObservationConvention(String name) {
		super(name);
	}

	/**
	 * Spring's keys and {@code worker}, built in one pass with the worker's key value
	 * made once per worker index, rather than Spring's key values extended per request.
	 */
	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		return KeyValues.of(exception(context), method(context), outcome(context), status(context), uri(context),
				worker(context));
	}

	/**
	 * The worker, read from the request's connection when the observation starts and kept
	 * from then on: when it stops, the request's connection may already have been
	 * released.
	 * @param context the observation context
	 * @return the key value
	 */
	private KeyValue worker(ServerRequestObservationContext context) {
		KeyValue started = context.getLowCardinalityKeyValue(WORKER);
		if (started != null) {
			return started;
		}
		OptionalInt worker = WorkerRequests.workerOf(context.getCarrier());
		return worker.isPresent()
				? this.workers.computeIfAbsent(worker.getAsInt(), (key) -> KeyValue.of(WORKER, Integer.toString(key)))
				: NONE;
	}

}
