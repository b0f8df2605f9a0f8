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

import dev.reuseport.server.supervision.WorkerThreads;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Spring's server request observation convention with one more low-cardinality key,
 * {@code worker}: the index of the worker that accepted the request ({@code none} for a
 * server that is not a reuseport worker, such as a separate management port). Applies to
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

	public WorkerServerRequestObservationConvention(String name) {
		super(name);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		Object worker = context.getAttributes().get(WorkerThreads.WORKER_KEY);
		return super.getLowCardinalityKeyValues(context)
			.and(KeyValue.of(WORKER, (worker != null) ? worker.toString() : "none"));
	}

}
