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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.reuseport.redis.RedisConnector;
import dev.reuseport.testsupport.RedisServer;

/**
 * The parts of one application's task queue for a test, on a real Redis: connectors,
 * started submitters and workers, each stopped by {@link #close()} in the reverse order
 * of its making.
 *
 * @author reuseport team
 */
final class QueueParts implements AutoCloseable {

	private final RedisServer redis;

	private final TaskStreams streams;

	private final List<Runnable> cleanups = new ArrayList<>();

	QueueParts(RedisServer redis, TaskStreams streams) {
		this.redis = redis;
		this.streams = streams;
	}

	RedisConnector connector() {
		RedisConnector connector = RedisConnector.forUrl("redis://127.0.0.1:" + this.redis.getPort(),
				Duration.ofSeconds(2));
		this.cleanups.add(connector::destroy);
		return connector;
	}

	/**
	 * Return a started submitter.
	 * @param instance its instance name
	 * @return the submitter
	 */
	TaskSubmitter submitter(String instance) {
		TaskSubmitter submitter = new TaskSubmitter(connector(), this.streams, instance, 100);
		submitter.start();
		this.cleanups.add(submitter::stop);
		return submitter;
	}

	/**
	 * Return a worker, not started, with a pool of its own.
	 * @param consumer its consumer name
	 * @param registry its tasks
	 * @param threads its threads
	 * @return the worker
	 */
	TaskWorker worker(String consumer, TaskRegistry registry, int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		TaskWorker worker = new TaskWorker(connector(), this.streams, consumer, registry, new TaskArguments(), executor,
				threads, new TaskWorker.Settings(Duration.ofSeconds(2), 3, 5, Duration.ZERO));
		this.cleanups.add(executor::shutdownNow);
		this.cleanups.add(worker::stop);
		return worker;
	}

	@Override
	public void close() {
		for (int i = this.cleanups.size() - 1; i >= 0; i--) {
			this.cleanups.get(i).run();
		}
		this.cleanups.clear();
	}

}
