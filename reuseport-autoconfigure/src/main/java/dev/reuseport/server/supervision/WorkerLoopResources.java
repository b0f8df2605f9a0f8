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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.server.connection.WorkerMdc;
import dev.reuseport.server.linux.WorkerTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;
import reactor.netty.resources.LoopResources;

/**
 * The event loops of one worker: one group of {@code threads} loops of the chosen
 * transport, which both accept and serve connections. Unlike
 * {@link LoopResources#create(String, int, boolean)}, the transport is the one resolved
 * for the worker rather than the best one on the class path.
 *
 * @author reuseport team
 */
final class WorkerLoopResources implements LoopResources {

	private final EventLoopGroup group;

	private final String threadPrefix;

	WorkerLoopResources(int workerIndex, int generation, int threads, WorkerTransport transport) {
		this.threadPrefix = "reuseport-" + workerIndex + ((generation > 0) ? "r" + generation : "") + "-"
				+ transport.getName();
		this.group = new MultiThreadIoEventLoopGroup(threads, new LoopThreadFactory(this.threadPrefix, workerIndex),
				transport.ioHandlerFactory());
	}

	/**
	 * Start a probe on each of the loops.
	 * @param intervalNanos the probe interval
	 * @return the probes
	 */
	List<EventLoopProbe> startProbes(long intervalNanos) {
		List<EventLoopProbe> probes = new ArrayList<>();
		for (EventExecutor loop : this.group) {
			EventLoopProbe probe = new EventLoopProbe(loop, intervalNanos);
			probe.start();
			probes.add(probe);
		}
		return List.copyOf(probes);
	}

	String getThreadPrefix() {
		return this.threadPrefix;
	}

	EventLoopGroup getGroup() {
		return this.group;
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.group;
	}

	@Override
	public boolean isDisposed() {
		return this.group.isTerminated();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return Mono.defer(() -> {
			Future<?> termination = this.group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(),
					TimeUnit.MILLISECONDS);
			return Mono.create((sink) -> termination.addListener((done) -> {
				if (done.isSuccess()) {
					sink.success();
				}
				else {
					sink.error(done.cause());
				}
			}));
		});
	}

	/**
	 * Names threads {@code <prefix>-<n>} and marks them as non-blocking for Reactor, as
	 * Reactor Netty does for its own loops.
	 */
	private static final class LoopThreadFactory implements ThreadFactory {

		private final String prefix;

		private final int workerIndex;

		private final AtomicInteger counter = new AtomicInteger();

		LoopThreadFactory(String prefix, int workerIndex) {
			this.prefix = prefix;
			this.workerIndex = workerIndex;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new LoopThread(runnable, this.prefix + "-" + this.counter.incrementAndGet(),
					this.workerIndex);
			thread.setDaemon(true);
			return thread;
		}

	}

	/**
	 * An event-loop thread of a worker. It puts the worker index in the logging MDC, so
	 * every log line written on the loop (request handling, access log) carries it.
	 */
	static final class LoopThread extends FastThreadLocalThread implements NonBlocking {

		private final int workerIndex;

		LoopThread(Runnable runnable, String name, int workerIndex) {
			super(() -> {
				WorkerMdc.put(workerIndex);
				runnable.run();
			}, name);
			this.workerIndex = workerIndex;
		}

		int workerIndex() {
			return this.workerIndex;
		}

	}

}
