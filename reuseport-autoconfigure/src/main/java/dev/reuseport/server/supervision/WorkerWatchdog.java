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

package dev.reuseport.server.supervision;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Checks, from its own thread, every worker's event-loop heartbeat each interval. A
 * worker whose loop missed its probe past the stall threshold is counted, logged once
 * with its loop's stack trace, and, when recovery is on, handed to {@link WorkerGroup} to
 * be evicted and replaced.
 *
 * @author reuseport team
 */
final class WorkerWatchdog {

	private static final Log logger = LogFactory.getLog(WorkerWatchdog.class);

	private final WorkerGroup workerGroup;

	private final boolean recovery;

	private final Set<ReusePortWorker> stalled = ConcurrentHashMap.newKeySet();

	private final PeriodicTask task;

	WorkerWatchdog(WorkerGroup workerGroup, Duration interval, boolean recovery) {
		this.workerGroup = workerGroup;
		this.recovery = recovery;
		this.task = new PeriodicTask("reuseport-watchdog", interval, this::check);
	}

	void start() {
		this.task.start();
	}

	void stop() {
		this.task.stop();
	}

	private void check() {
		List<ReusePortWorker> workers = this.workerGroup.getWorkers();
		this.stalled.retainAll(workers);
		for (ReusePortWorker worker : workers) {
			if (worker.getState() == WorkerState.STALLED) {
				onStalled(worker);
			}
			else if (worker.getState() == WorkerState.RUNNING) {
				this.stalled.remove(worker);
			}
		}
	}

	private void onStalled(ReusePortWorker worker) {
		if (!this.stalled.add(worker)) {
			return;
		}
		worker.getStatistics().stalled();
		logger.warn("Event loop of worker " + worker.getIndex() + " has not run its probe for "
				+ worker.getEventLoopLag().toMillis() + " ms"
				+ (this.recovery ? "; evicting its listener and starting a replacement" : "") + ". It is at:\n"
				+ worker.stallReport());
		if (this.recovery) {
			this.workerGroup.replaceStalledWorker(worker);
		}
	}

}
