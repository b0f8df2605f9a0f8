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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.util.context.ContextView;

/**
 * The {@code reuseport.offload} observation of one task submitted with
 * {@link OffloadScheduler#submit}: started when the task is submitted, as a child of the
 * caller's observation; an {@code reuseport.offload.started} event when it leaves the
 * queue, so that a trace shows the queue wait and the run; its scope open while it runs,
 * so that spans of the task are its children; stopped when the {@code Mono} ends, with
 * the low-cardinality keys {@code scheduler} and {@code outcome} ({@code success},
 * {@code error}, {@code rejected}, or {@code not-run} for a task that expired in the
 * queue or was cancelled before it ran).
 *
 * @author reuseport team
 */
final class TaskObservation {

	static final String NAME = "reuseport.offload";

	static final Observation.Event STARTED = Observation.Event.of("reuseport.offload.started");

	private final Observation observation;

	private volatile String outcome = "not-run";

	private TaskObservation(Observation observation) {
		this.observation = observation;
	}

	static TaskObservation start(ObservationRegistry registry, String scheduler, ContextView context) {
		Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (parent == null) {
			parent = registry.getCurrentObservation();
		}
		return new TaskObservation(Observation.createNotStarted(NAME, registry)
			.parentObservation(parent)
			.lowCardinalityKeyValue("scheduler", scheduler)
			.start());
	}

	<T> Callable<T> wrap(Callable<T> task) {
		return () -> {
			this.observation.event(STARTED);
			try (Observation.Scope scope = this.observation.openScope()) {
				T result = task.call();
				this.outcome = "success";
				return result;
			}
			catch (Exception | Error ex) {
				this.outcome = "error";
				this.observation.error(ex);
				throw ex;
			}
		};
	}

	void rejected(Throwable ex) {
		this.outcome = "rejected";
		this.observation.error(ex);
	}

	void stop() {
		this.observation.lowCardinalityKeyValue("outcome", this.outcome).stop();
	}

}
