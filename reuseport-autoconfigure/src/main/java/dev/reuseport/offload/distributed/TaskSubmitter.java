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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.reuseport.offload.OffloadUnavailableException;
import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Queues tasks on the task stream and hands their results to the callers waiting on this
 * instance. Results come back on a reply stream of this instance's own, read by one
 * blocking read at a time and kept alive by a TTL while the instance reads it: when the
 * instance dies, its reply stream expires. When reading the replies fails (Redis went
 * away), the callers waiting then fail at once rather than at their timeout. A queue
 * holding {@code maxQueued} entries (waiting or running) rejects a task at once, without
 * adding it.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class TaskSubmitter {

	private static final Log logger = LogFactory.getLog(TaskSubmitter.class);

	private static final Duration READ_BLOCK = Duration.ofSeconds(1);

	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	private static final long REPLY_TTL_SECONDS = 300;

	private final RedisConnector connector;

	private final TaskStreams streams;

	private final String instance;

	private final long maxQueued;

	private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();

	private final AtomicBoolean started = new AtomicBoolean();

	private final TaskConnections connections;

	private volatile @Nullable TaskSigner signer;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile String lastReply = "0-0";

	private final LongAdder unmatchedReplies = new LongAdder();

	/**
	 * Create a new instance.
	 * @param connector opens the connections to Redis
	 * @param streams the keys
	 * @param instance this instance's name, unique among the instances
	 * @param maxQueued how many entries the task stream may hold before tasks are
	 * rejected
	 */
	public TaskSubmitter(RedisConnector connector, TaskStreams streams, String instance, long maxQueued) {
		Assert.hasText(instance, "'instance' must not be empty");
		Assert.isTrue(maxQueued > 0, "'maxQueued' must be positive");
		this.connector = connector;
		this.streams = streams;
		this.instance = instance;
		this.maxQueued = maxQueued;
		this.connections = new TaskConnections(connector, "reuseport-offload-replies-" + instance);
	}

	/**
	 * Sign the entries this instance queues, for workers that require signatures.
	 * @param signer the signer
	 */
	public void setSigner(TaskSigner signer) {
		this.signer = signer;
	}

	/**
	 * Observe queueing: each task is a {@code reuseport.offload.distributed.send}
	 * observation, a child of the current one, and carries the caller's trace to the
	 * instance that runs it.
	 * @param observationRegistry the observation registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Start reading this instance's replies.
	 */
	public void start() {
		if (this.started.compareAndSet(false, true)) {
			this.connections.execute(this::readReplies);
		}
	}

	/**
	 * Stop: waiting callers fail at once.
	 */
	public void stop() {
		this.connections.close();
		this.waiting.forEach((taskId, reply) -> reply
			.completeExceptionally(new OffloadUnavailableException(OffloadUnavailableException.Reason.SHUTDOWN,
					"Task " + taskId + ": this instance stopped waiting for its result")));
	}

	/**
	 * Queue a task and wait for its result.
	 * @param name the registered name of the task
	 * @param arguments its arguments, a JSON array
	 * @param timeout how long the caller waits; the task is not started after it
	 * @return the result, as JSON; fails with {@link OffloadUnavailableException} when
	 * the queue is full, {@link TimeoutException} when the timeout passed, or
	 * {@link TaskFailedException}
	 */
	public CompletableFuture<String> call(String name, String arguments, Duration timeout) {
		String taskId = newTaskId();
		CompletableFuture<Reply> reply = new CompletableFuture<>();
		this.waiting.put(taskId, reply);
		Map<String, String> trace = new LinkedHashMap<>();
		Observation observation = TaskTracing.send(this.observationRegistry, name, trace);
		CompletableFuture<String> result = submit(taskId, name, arguments, this.instance, timeout, trace)
			.thenCompose((entryId) -> reply)
			.thenApply(TaskSubmitter::result)
			.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
		result.whenComplete((value, ex) -> {
			this.waiting.remove(taskId);
			stop(observation, ex);
		});
		return result;
	}

	/**
	 * Queue a job: a task whose result nobody waits for, run even if this instance goes
	 * away.
	 * @param name the registered name of the task
	 * @param arguments its arguments, a JSON array
	 * @return the job's task id, once Redis has the entry
	 */
	public CompletableFuture<String> enqueue(String name, String arguments) {
		String taskId = newTaskId();
		Map<String, String> trace = new LinkedHashMap<>();
		Observation observation = TaskTracing.send(this.observationRegistry, name, trace);
		return submit(taskId, name, arguments, "", Duration.ZERO, trace)
			.whenComplete((entryId, ex) -> stop(observation, ex))
			.thenApply((entryId) -> taskId);
	}

	private static void stop(Observation observation, @Nullable Throwable ex) {
		if (ex != null) {
			observation.error(ex);
		}
		observation.stop();
	}

	/**
	 * Return this instance's name in the queue.
	 * @return the name
	 */
	public String getInstance() {
		return this.instance;
	}

	/**
	 * Read the state of a job: {@code queued}, {@code running}, {@code retrying},
	 * {@code done}, {@code dead} or {@code expired}, kept a day after its last change.
	 * Never waits on the caller's thread.
	 * @param taskId the job's task id, as {@link #enqueue} returned it
	 * @return the state, or {@code null} for a job not known (never queued, or its state
	 * expired)
	 */
	public CompletableFuture<@Nullable String> jobState(String taskId) {
		CompletableFuture<@Nullable String> state = new CompletableFuture<>();
		if (taskId.isEmpty() || taskId.length() > 64) {
			state.complete(null);
			return state;
		}
		Runnable read = () -> {
			try {
				this.connections.commands()
					.async()
					.get(this.streams.job(taskId))
					.whenComplete((value, ex) -> complete(state, value, ex));
			}
			catch (RuntimeException ex) {
				state.completeExceptionally(ex);
			}
		};
		if (this.connections.openCommands() != null) {
			read.run();
		}
		else if (!this.connections.execute(read)) {
			state.completeExceptionally(new IllegalStateException("The task queue's submitter is stopped"));
		}
		return state;
	}

	private static <T> void complete(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable ex) {
		if (ex != null) {
			future.completeExceptionally(ex);
		}
		else {
			future.complete(value);
		}
	}

	/**
	 * Return how many results arrived for no waiting caller: results of callers that gave
	 * up (their timeout passed, or reading failed) and second results of one task, which
	 * fencing rules out while the caller waits.
	 * @return the unmatched results
	 */
	public long getUnmatchedReplies() {
		return this.unmatchedReplies.sum();
	}

	/**
	 * Return how many callers wait for a result.
	 * @return the number of waiting callers
	 */
	public int getWaiting() {
		return this.waiting.size();
	}

	/**
	 * Queue a task. The call may come from an event loop: it never waits for a
	 * connection. When the connection is not open yet, the submit is handed to this
	 * submitter's thread, which opens it.
	 * @param taskId the task's id
	 * @param name the task's name
	 * @param arguments its arguments, a JSON array
	 * @param replyTo the instance waiting for the result, or an empty string
	 * @param timeout how long the caller waits, zero for none
	 * @param trace the caller's trace headers
	 * @return the entry id, once Redis has the entry
	 */
	private CompletableFuture<String> submit(String taskId, String name, String arguments, String replyTo,
			Duration timeout, Map<String, String> trace) {
		CompletableFuture<String> queued = new CompletableFuture<>();
		String traceField = TaskTracing.encode(trace);
		long deadlineNanos = (timeout.isZero()) ? 0 : System.nanoTime() + timeout.toNanos();
		String[] argv = { Long.toString(this.maxQueued), "0", taskId, name, arguments, replyTo, "1",
				signature(new TaskEntry(taskId, name, arguments, replyTo, 0, 1, traceField)), traceField };
		StatefulRedisConnection<String, String> open = this.connections.openCommands();
		if (open != null) {
			send(open, argv, deadlineNanos, queued);
		}
		else if (!this.connections.execute(() -> send(null, argv, deadlineNanos, queued))) {
			queued.completeExceptionally(new OffloadUnavailableException(OffloadUnavailableException.Reason.SHUTDOWN,
					"The task queue's submitter is stopped"));
		}
		return queued;
	}

	/**
	 * Send a task's entry. Its deadline in Redis is what is left of the caller's when it
	 * is sent (opening the connection takes time), so that a task is never started after
	 * its caller gave up; nothing is sent when nothing is left.
	 * @param open the open connection, or {@code null} to open it (on this submitter's
	 * thread)
	 * @param argv the arguments of the script, the time left filled in here
	 * @param deadlineNanos the caller's deadline ({@code System.nanoTime()}), {@code 0}
	 * for none
	 * @param queued completed with the entry's id
	 */
	private void send(@Nullable StatefulRedisConnection<String, String> open, String[] argv, long deadlineNanos,
			CompletableFuture<String> queued) {
		if (deadlineNanos != 0) {
			long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
			if (leftMillis <= 0) {
				queued.completeExceptionally(
						new TimeoutException("The caller's deadline passed before the task was sent"));
				return;
			}
			argv[1] = Long.toString(leftMillis);
		}
		try {
			StatefulRedisConnection<String, String> connection = (open != null) ? open : this.connections.commands();
			connection.async()
				.eval(TaskScripts.SUBMIT, ScriptOutputType.VALUE,
						new String[] { this.streams.tasks(), this.streams.job(argv[2]) }, argv)
				.whenComplete((entryId, ex) -> {
					if (ex != null) {
						queued.completeExceptionally(ex);
					}
					else if (entryId == null) {
						queued.completeExceptionally(
								new OffloadUnavailableException(OffloadUnavailableException.Reason.QUEUE_FULL,
										"The task queue holds " + this.maxQueued + " tasks or more"));
					}
					else {
						queued.complete((String) entryId);
					}
				});
		}
		catch (RuntimeException ex) {
			queued.completeExceptionally(ex);
		}
	}

	private String signature(TaskEntry entry) {
		TaskSigner signer = this.signer;
		return (signer != null) ? signer.sign(entry) : "";
	}

	private static String result(Reply reply) {
		if (reply.outcome().equals("done")) {
			return reply.payload();
		}
		throw new TaskFailedException(reply.outcome(), reply.payload());
	}

	private void readReplies() {
		if (this.connections.isStopped()) {
			return;
		}
		StatefulRedisConnection<String, String> connection;
		try {
			connection = this.connections.reader();
			this.connections.commands().async().expire(this.streams.replies(this.instance), REPLY_TTL_SECONDS);
		}
		catch (RuntimeException ex) {
			retryLater(ex);
			return;
		}
		connection.async()
			.xread(XReadArgs.Builder.block(READ_BLOCK).count(256),
					XReadArgs.StreamOffset.from(this.streams.replies(this.instance), this.lastReply))
			.whenCompleteAsync((messages, ex) -> {
				if (ex != null) {
					retryLater(ex);
					return;
				}
				if (messages != null && !messages.isEmpty()) {
					deliver(messages);
				}
				this.connections.execute(this::readReplies);
			}, this.connections.callbacks());
	}

	private void deliver(List<StreamMessage<String, String>> messages) {
		String[] ids = new String[messages.size()];
		for (int i = 0; i < ids.length; i++) {
			StreamMessage<String, String> message = messages.get(i);
			ids[i] = message.getId();
			Map<String, String> body = message.getBody();
			String taskId = body.get("task");
			CompletableFuture<Reply> reply = (taskId != null) ? this.waiting.get(taskId) : null;
			if (reply != null) {
				reply.complete(new Reply(body.getOrDefault("outcome", ""), body.getOrDefault("payload", ""),
						body.getOrDefault("ran", "")));
			}
			else {
				this.unmatchedReplies.increment();
			}
		}
		this.lastReply = ids[ids.length - 1];
		this.connections.commands().async().xdel(this.streams.replies(this.instance), ids);
	}

	/**
	 * The reply stream could not be read: the replies of the callers waiting now may be
	 * lost with it (a Redis that restarted without persistence), so they fail at once
	 * with the reason, and reading starts again later for the next callers.
	 * @param ex the failure
	 */
	private void retryLater(Throwable ex) {
		logger.debug("Reading task replies failed, retrying in " + RETRY_DELAY.toMillis() + " ms", ex);
		this.waiting.forEach((taskId, reply) -> reply.completeExceptionally(new TaskFailedException("lost",
				"reading the results from Redis failed while waiting (" + ex.getMessage() + ")")));
		this.connections.resetReader();
		this.connections.later(this::readReplies, RETRY_DELAY);
	}

	private static String newTaskId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
	}

	/**
	 * A result as recorded by the worker that ran the task.
	 *
	 * @param outcome {@code done}, {@code dead} or {@code expired}
	 * @param payload the result (JSON) or the reason
	 * @param ranOn the worker that recorded it
	 */
	record Reply(String outcome, String payload, String ranOn) {

	}

}
