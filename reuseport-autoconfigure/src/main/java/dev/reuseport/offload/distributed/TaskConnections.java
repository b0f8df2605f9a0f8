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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The two connections of a stream reader (one for its blocking read, one for its other
 * commands, so that a read blocked for a second never delays them) and the one thread
 * that drives its loop. Connections open when first used, and the reading one again after
 * a failure; the thread's actions after {@link #stop()} are dropped.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class TaskConnections {

	private static final Log logger = LogFactory.getLog(TaskConnections.class);

	private final RedisConnector connector;

	private final ScheduledThreadPoolExecutor thread;

	private volatile boolean stopped;

	private volatile @Nullable StatefulRedisConnection<String, String> reader;

	private volatile @Nullable StatefulRedisConnection<String, String> commands;

	TaskConnections(RedisConnector connector, String threadName) {
		this.connector = connector;
		this.thread = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.thread.setRemoveOnCancelPolicy(true);
	}

	boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Return an executor for the callbacks of Redis commands: they run on this thread
	 * rather than on Lettuce's event loop, where nothing may block.
	 * @return the executor
	 */
	Executor callbacks() {
		return this::execute;
	}

	boolean execute(Runnable action) {
		return later(action, Duration.ZERO);
	}

	/**
	 * Run an action on this thread after a delay, unless stopped.
	 * @param action the action
	 * @param delay the delay
	 * @return whether the action was taken
	 */
	boolean later(Runnable action, Duration delay) {
		if (this.stopped) {
			return false;
		}
		try {
			this.thread.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (RejectedExecutionException stopping) {
			return false;
		}
	}

	void every(Runnable action, Duration period) {
		long nanos = Math.max(1, period.toNanos());
		this.thread.scheduleWithFixedDelay(action, nanos, nanos, TimeUnit.NANOSECONDS);
	}

	synchronized StatefulRedisConnection<String, String> reader() {
		StatefulRedisConnection<String, String> reader = this.reader;
		if (reader == null || !reader.isOpen()) {
			reader = this.connector.connect(StringCodec.UTF8);
			this.reader = reader;
		}
		return reader;
	}

	synchronized StatefulRedisConnection<String, String> commands() {
		StatefulRedisConnection<String, String> commands = this.commands;
		if (commands == null || !commands.isOpen()) {
			commands = this.connector.connect(StringCodec.UTF8);
			this.commands = commands;
		}
		return commands;
	}

	/**
	 * Return the connection for commands when it is open, without waiting or taking a
	 * lock: callable on an event loop.
	 * @return the open connection, or {@code null}
	 */
	@Nullable StatefulRedisConnection<String, String> openCommands() {
		StatefulRedisConnection<String, String> commands = this.commands;
		return (commands != null && commands.isOpen()) ? commands : null;
	}

	/**
	 * Drop the reading connection after a failure: the next read opens a new one. It is
	 * closed without waiting, as it may be called on the connection's own event loop.
	 */
	void resetReader() {
		StatefulRedisConnection<String, String> reader;
		synchronized (this) {
			reader = this.reader;
			this.reader = null;
		}
		close(reader);
	}

	/**
	 * Stop the thread and close the reading connection; the other stays open for what is
	 * still to be recorded until {@link #close()}.
	 */
	void stop() {
		this.stopped = true;
		this.thread.shutdownNow();
		resetReader();
	}

	void close() {
		stop();
		StatefulRedisConnection<String, String> commands;
		synchronized (this) {
			commands = this.commands;
			this.commands = null;
		}
		close(commands);
	}

	private static void close(@Nullable StatefulRedisConnection<String, String> connection) {
		if (connection != null) {
			connection.closeAsync().whenComplete((done, ex) -> {
				if (ex != null) {
					logger.debug("Closing a task stream connection failed", ex);
				}
			});
		}
	}

}
