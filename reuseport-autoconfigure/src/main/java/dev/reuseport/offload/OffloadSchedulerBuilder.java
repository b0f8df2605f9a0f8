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

import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.util.Assert;

/**
 * Immutable builder of {@link OffloadScheduler}s.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class OffloadSchedulerBuilder {

	private final String name;

	private final int threads;

	private final int queueCapacity;

	private final Duration queueTimeout;

	private final Duration timeout;

	private final Duration keepAlive;

	private final String threadNamePrefix;

	private final ObservationRegistry observationRegistry;

	/**
	 * Create a builder with the defaults: one thread per two available processors (at
	 * least one), so that a saturated pool leaves the event loops cores of their own; a
	 * queue of (2 × threads)² tasks; a 1 s queue timeout; a 10 s run timeout.
	 */
	public OffloadSchedulerBuilder() {
		this("reuseport-offload", defaultThreads(), -1, Duration.ofSeconds(1), Duration.ofSeconds(10),
				Duration.ofSeconds(60), "reuseport-offload-", ObservationRegistry.NOOP);
	}

	/**
	 * Return the default number of threads: half the available processors, at least one.
	 * Measured on 2 cores with the pool saturated, one thread instead of two kept
	 * {@code /hello} at p99 71 ms instead of 117 ms (docs/offload.md).
	 * @return the default number of threads
	 */
	public static int defaultThreads() {
		return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

	private OffloadSchedulerBuilder(String name, int threads, int queueCapacity, Duration queueTimeout,
			Duration timeout, Duration keepAlive, String threadNamePrefix, ObservationRegistry observationRegistry) {
		this.name = name;
		this.threads = threads;
		this.queueCapacity = queueCapacity;
		this.queueTimeout = queueTimeout;
		this.timeout = timeout;
		this.keepAlive = keepAlive;
		this.threadNamePrefix = threadNamePrefix;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set the name, used in metrics and messages.
	 * @param name the name
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder name(String name) {
		Assert.hasText(name, "'name' must not be empty");
		return new OffloadSchedulerBuilder(name, this.threads, this.queueCapacity, this.queueTimeout, this.timeout,
				this.keepAlive, this.threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Set the number of threads.
	 * @param threads the number of threads, at least 1
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder threads(int threads) {
		Assert.isTrue(threads > 0, "'threads' must be greater than 0");
		return new OffloadSchedulerBuilder(this.name, threads, this.queueCapacity, this.queueTimeout, this.timeout,
				this.keepAlive, this.threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Set how many tasks may wait for a thread; 0 rejects a task as soon as every thread
	 * is busy.
	 * @param queueCapacity the queue capacity, at least 0
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder queueCapacity(int queueCapacity) {
		Assert.isTrue(queueCapacity >= 0, "'queueCapacity' must not be negative");
		return new OffloadSchedulerBuilder(this.name, this.threads, queueCapacity, this.queueTimeout, this.timeout,
				this.keepAlive, this.threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Set the longest time a task may wait in the queue; zero for no limit.
	 * @param queueTimeout the queue timeout
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder queueTimeout(Duration queueTimeout) {
		Assert.isTrue(!queueTimeout.isNegative(), "'queueTimeout' must not be negative");
		return new OffloadSchedulerBuilder(this.name, this.threads, this.queueCapacity, queueTimeout, this.timeout,
				this.keepAlive, this.threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Set the longest time a task may run before its thread is interrupted; zero for no
	 * limit.
	 * @param timeout the run timeout
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder timeout(Duration timeout) {
		Assert.isTrue(!timeout.isNegative(), "'timeout' must not be negative");
		return new OffloadSchedulerBuilder(this.name, this.threads, this.queueCapacity, this.queueTimeout, timeout,
				this.keepAlive, this.threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Set how long an idle thread lives.
	 * @param keepAlive the keep-alive time
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder keepAlive(Duration keepAlive) {
		Assert.isTrue(!keepAlive.isNegative() && !keepAlive.isZero(), "'keepAlive' must be positive");
		return new OffloadSchedulerBuilder(this.name, this.threads, this.queueCapacity, this.queueTimeout, this.timeout,
				keepAlive, this.threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Set the prefix of thread names.
	 * @param threadNamePrefix the prefix
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder threadNamePrefix(String threadNamePrefix) {
		Assert.hasText(threadNamePrefix, "'threadNamePrefix' must not be empty");
		return new OffloadSchedulerBuilder(this.name, this.threads, this.queueCapacity, this.queueTimeout, this.timeout,
				this.keepAlive, threadNamePrefix, this.observationRegistry);
	}

	/**
	 * Build a scheduler; its threads start on demand.
	 * @return the scheduler
	 */
	/**
	 * Set the registry of the {@code reuseport.offload} observation that each task
	 * submitted with {@link OffloadScheduler#submit} makes (no observation by default).
	 * @param observationRegistry the registry
	 * @return a new builder
	 */
	public OffloadSchedulerBuilder observationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		return new OffloadSchedulerBuilder(this.name, this.threads, this.queueCapacity, this.queueTimeout, this.timeout,
				this.keepAlive, this.threadNamePrefix, observationRegistry);
	}

	public OffloadScheduler build() {
		int capacity = (this.queueCapacity >= 0) ? this.queueCapacity : 4 * this.threads * this.threads;
		return new OffloadScheduler(new OffloadExecutor(this.name, this.threads, capacity, this.queueTimeout,
				this.timeout, this.keepAlive, this.threadNamePrefix), this.observationRegistry);
	}

}
