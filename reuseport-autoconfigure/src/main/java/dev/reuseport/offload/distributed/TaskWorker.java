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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import dev.reuseport.offload.distributed.TaskRegistry.RegisteredTask;
import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Takes tasks from the task stream and runs them, at least once, as one consumer of the
 * stream's consumer group. It reads only as many entries as it has free threads, renews
 * the lease of each running entry from a thread of its own (so that renewal never waits
 * for the busy task threads), claims entries whose owner has been silent for longer than
 * the lease, and records each outcome with {@link TaskScripts#FINISH}: acknowledged in
 * the same step, and only while it still owns the entry, so that a worker whose lease was
 * taken over cannot publish a second result. A task that throws is queued again for its
 * next attempt, up to {@code maxAttempts}, after a backoff that doubles with each attempt
 * (the retry waits in a sorted set, moved to the stream when due); an entry that was
 * delivered more than {@code maxDeliveries} times (a task that kills its JVM), is
 * foreign, names no registered task or carries arguments that do not bind goes to the
 * dead-letter stream.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class TaskWorker {

	private static final Log logger = LogFactory.getLog(TaskWorker.class);

	private static final Duration READ_BLOCK = Duration.ofSeconds(1);

	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	private static final Duration BUSY_POLL = Duration.ofMillis(50);

	private static final Duration QUEUE_STATE_PERIOD = Duration.ofSeconds(5);

	private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

	private static final Duration PROMOTE_PERIOD = Duration.ofMillis(200);

	private static final int MAX_ARGUMENTS = 1024 * 1024;

	private static final int REPLY_TTL_SECONDS = 300;

	private static final int MAX_REPLIES = 100_000;

	private static final int MAX_DEAD = 10_000;

	private final RedisConnector connector;

	private final TaskStreams streams;

	private final String consumer;

	private final TaskRegistry registry;

	private final TaskArguments arguments;

	private final Executor executor;

	private final Semaphore free;

	private final Settings settings;

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicBoolean reading = new AtomicBoolean();

	private final TaskConnections connections;

	private volatile boolean stopped;

	private volatile IntSupplier idleThreads = () -> Integer.MAX_VALUE;

	private volatile @Nullable TaskSigner signer;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final LongAdder claimed = new LongAdder();

	private volatile QueueState queueState = new QueueState(0, 0, 0, 0, 0);

	private volatile long queueStateReadAt;

	private final long createdAt = System.nanoTime();

	/**
	 * Create a new instance.
	 * @param connector opens the connections to Redis
	 * @param streams the keys
	 * @param consumer this instance's consumer name, unique in the group
	 * @param registry the tasks this instance runs
	 * @param arguments binds arguments and writes results
	 * @param executor runs the tasks: at most {@code threads} at a time are handed to it
	 * @param threads how many tasks may run at once
	 * @param settings lease, attempts and deliveries
	 */
	public TaskWorker(RedisConnector connector, TaskStreams streams, String consumer, TaskRegistry registry,
			TaskArguments arguments, Executor executor, int threads, Settings settings) {
		Assert.isTrue(threads > 0, "'threads' must be positive");
		this.connector = connector;
		this.streams = streams;
		this.consumer = consumer;
		this.registry = registry;
		this.arguments = arguments;
		this.executor = executor;
		this.free = new Semaphore(threads);
		this.settings = settings;
		this.connections = new TaskConnections(connector, "reuseport-offload-worker-" + consumer);
	}

	/**
	 * Set how many threads of the executor are idle now, when others than this worker use
	 * it: the worker reads no more entries than that.
	 * @param idleThreads the idle threads
	 */
	public void setIdleThreads(IntSupplier idleThreads) {
		this.idleThreads = idleThreads;
	}

	/**
	 * Observe runs: each task is a {@code reuseport.offload.distributed.process}
	 * observation that continues the trace its entry carries.
	 * @param observationRegistry the observation registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Require a valid signature on every entry: an entry without one goes to the dead
	 * letter.
	 * @param signer the signer
	 */
	public void setSigner(TaskSigner signer) {
		this.signer = signer;
	}

	/**
	 * Connect and start taking tasks. Connecting blocks: call it off event loops. When
	 * Redis cannot be reached the worker keeps trying in the background.
	 */
	public void start() {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		this.connections.every(this::renewLeases, this.settings.lease().dividedBy(3));
		this.connections.every(this::claimAbandoned, this.settings.lease().dividedBy(2));
		this.connections.every(this::promoteRetries, PROMOTE_PERIOD);
		this.connections.every(this::refreshQueueState, QUEUE_STATE_PERIOD);
		this.connections.execute(this::warnIfEvictionCanLoseTasks);
		this.connections.execute(this::read);
	}

	/**
	 * Warn when Redis may evict the queue's keys: a stream evicted under memory pressure
	 * loses every task in it.
	 */
	private void warnIfEvictionCanLoseTasks() {
		try {
			String policy = this.connections.commands()
				.async()
				.configGet("maxmemory-policy")
				.toCompletableFuture()
				.get(RETRY_DELAY.toMillis() * 5, TimeUnit.MILLISECONDS)
				.get("maxmemory-policy");
			if (policy != null && !policy.equals("noeviction")) {
				logger.warn("The Redis of the distributed offload queue (" + this.connector.getDescription()
						+ ") has maxmemory-policy " + policy + ": once it is full, it can evict the task stream and "
						+ "lose every task in it. A job queue wants maxmemory-policy noeviction, on a Redis apart "
						+ "from any cache.");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Could not read maxmemory-policy (CONFIG may be disabled)", ex);
		}
	}

	/**
	 * Stop taking tasks. Running tasks finish and record their outcome; entries that were
	 * read but not started stay pending, to be claimed by another worker after the lease.
	 */
	public void stop() {
		this.stopped = true;
		this.connections.stop();
	}

	/**
	 * Return how many entries this worker finished with an outcome: {@code done},
	 * {@code retry}, {@code dead}, {@code expired}, {@code requeue}, or {@code fenced}
	 * (the entry had been taken over and nothing was recorded).
	 * @param outcome the outcome
	 * @return the count
	 */
	public long getOutcomes(String outcome) {
		LongAdder count = this.outcomes.get(outcome);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Return how many entries of silent consumers this worker claimed.
	 * @return the count
	 */
	public long getClaimed() {
		return this.claimed.sum();
	}

	/**
	 * Return the state of the queue as last read from Redis (every
	 * {@link #QUEUE_STATE_PERIOD}, never on the caller's thread).
	 * @return the state
	 */
	public QueueState getQueueState() {
		return this.queueState;
	}

	/**
	 * Return how long ago the queue's state was last read from Redis (every 5 s while
	 * Redis answers), or since this worker was created when it never was.
	 * @return the age of the queue's state
	 */
	public Duration getQueueStateAge() {
		long readAt = this.queueStateReadAt;
		return Duration.ofNanos(System.nanoTime() - ((readAt != 0) ? readAt : this.createdAt));
	}

	/**
	 * Return the ids of the entries running now.
	 * @return the entry ids
	 */
	public Set<String> getRunning() {
		return Set.copyOf(this.running);
	}

	/**
	 * Wait for the running tasks, then close the connections.
	 * @param timeout how long to wait
	 * @return whether every task finished in time
	 */
	public boolean awaitTermination(Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		int threads = this.free.availablePermits() + this.running.size();
		boolean finished;
		try {
			finished = this.free.tryAcquire(threads, Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finished = false;
		}
		this.connections.close();
		return finished;
	}

	/**
	 * Read as many entries as there are free threads, one read at a time: a finishing
	 * task starts the next read when none is in flight. When the executor's threads are
	 * busy with other work, it looks again every {@link #BUSY_POLL}.
	 */
	private void read() {
		if (this.stopped || !this.reading.compareAndSet(false, true)) {
			return;
		}
		int count = capacity();
		if (count == 0) {
			this.reading.set(false);
			if (this.free.availablePermits() > 0) {
				// the executor is busy with other work: look again soon
				this.connections.later(this::read, BUSY_POLL);
			}
			return;
		}
		StatefulRedisConnection<String, String> connection;
		try {
			connection = this.connections.reader();
		}
		catch (RuntimeException ex) {
			this.reading.set(false);
			retryLater("connect", ex);
			return;
		}
		connection.async()
			.xreadgroup(Consumer.from(this.streams.group(), this.consumer),
					XReadArgs.Builder.block(READ_BLOCK).count(count),
					XReadArgs.StreamOffset.lastConsumed(this.streams.tasks()))
			.whenCompleteAsync((messages, ex) -> {
				this.reading.set(false);
				if (ex != null) {
					onReadFailure(ex);
					return;
				}
				if (messages != null) {
					messages.forEach(this::take);
				}
				this.connections.execute(this::read);
			}, this.connections.callbacks());
	}

	private int capacity() {
		return Math.max(0, Math.min(this.free.availablePermits(), this.idleThreads.getAsInt()));
	}

	private void onReadFailure(Throwable ex) {
		if (this.stopped) {
			return;
		}
		if (isNoGroup(ex)) {
			try {
				createGroup();
				this.connections.execute(this::read);
				return;
			}
			catch (RuntimeException groupFailure) {
				ex = groupFailure;
			}
		}
		retryLater("read", ex);
	}

	private void retryLater(String what, Throwable ex) {
		logger.debug("Task stream " + what + " failed, retrying in " + RETRY_DELAY.toMillis() + " ms", ex);
		this.connections.resetReader();
		this.connections.later(this::read, RETRY_DELAY);
	}

	private static boolean isNoGroup(Throwable ex) {
		Throwable cause = (ex instanceof CompletionException) ? ex.getCause() : ex;
		return cause instanceof RedisCommandExecutionException && cause.getMessage() != null
				&& cause.getMessage().startsWith("NOGROUP");
	}

	private void createGroup() {
		try {
			this.connections.commands()
				.sync()
				.xgroupCreate(XReadArgs.StreamOffset.from(this.streams.tasks(), "0"), this.streams.group(),
						XGroupCreateArgs.Builder.mkstream());
		}
		catch (RedisCommandExecutionException ex) {
			if (ex.getMessage() == null || !ex.getMessage().startsWith("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	/**
	 * Take an entry this consumer now owns: run it when a thread is free; otherwise (the
	 * executor got busy with other work since the read) give it back to the stream at
	 * once, for an instance with a free thread.
	 * @param message the entry
	 */
	private void take(StreamMessage<String, String> message) {
		if (this.stopped) {
			return;
		}
		if (this.idleThreads.getAsInt() < 1 || !this.free.tryAcquire()) {
			giveBack(message);
			return;
		}
		this.running.add(message.getId());
		try {
			this.executor.execute(() -> run(message));
		}
		catch (RuntimeException ex) {
			this.running.remove(message.getId());
			this.free.release();
			logger.debug("Task executor rejected entry " + message.getId(), ex);
			giveBack(message);
		}
	}

	/**
	 * Queue an entry again as it is and acknowledge it, while this consumer still owns
	 * it. An entry that is not a task is left pending: a worker with a free thread claims
	 * it after the lease and sends it to the dead letter.
	 * @param message the entry
	 */
	private void giveBack(StreamMessage<String, String> message) {
		try {
			TaskEntry entry = verified(message);
			finish(message.getId(), entry, "requeue", "", fieldsOf(entry));
		}
		catch (RuntimeException ex) {
			logger.debug("Entry " + message.getId() + " left pending for a worker with a free thread", ex);
		}
	}

	private void run(StreamMessage<String, String> message) {
		String id = message.getId();
		try {
			TaskEntry entry = null;
			RegisteredTask task;
			@Nullable Object[] bound;
			try {
				entry = verified(message);
				task = this.registry.get(entry.name());
				if (task == null) {
					throw new RejectedEntryException("no task named '" + truncate(entry.name()) + "'");
				}
				bound = this.arguments.bind(entry.arguments(), task.parameterTypes());
			}
			catch (RejectedEntryException ex) {
				reject(id, message.getBody(), ex.getMessage(), entry);
				return;
			}
			long deliveries = start(id, entry);
			if (deliveries == -1) {
				return;
			}
			if (deliveries == -2) {
				finish(id, entry, "expired", "deadline passed before the task started", List.of());
				return;
			}
			if (deliveries > this.settings.maxDeliveries()) {
				finish(id, entry, "dead", "delivered " + deliveries + " times", fieldsOf(entry));
				return;
			}
			invoke(id, entry, task, bound);
		}
		catch (RuntimeException ex) {
			// Redis failed: the entry stays pending and is claimed again after the lease
			logger.debug("Task entry " + id + " left pending", ex);
		}
		finally {
			this.running.remove(id);
			this.free.release();
			this.connections.execute(this::read);
		}
	}

	private void invoke(String id, TaskEntry entry, RegisteredTask task, @Nullable Object[] bound) {
		String result;
		Observation observation = TaskTracing.process(this.observationRegistry, entry).start();
		try (Observation.Scope scope = observation.openScope()) {
			result = this.arguments
				.write(task.invoker().invoke(bound, new TaskContext(entry.taskId(), entry.attempt(), this.consumer)));
		}
		catch (Throwable ex) {
			observation.error(ex);
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			String reason = ex.getClass().getName() + ": " + ex.getMessage();
			if (entry.attempt() < this.settings.maxAttempts()) {
				finish(id, entry, "retry", reason, fieldsOf(entry.nextAttempt()));
			}
			else {
				finish(id, entry, "dead", "failed " + entry.attempt() + " times, last: " + reason, fieldsOf(entry));
			}
			return;
		}
		finally {
			observation.stop();
		}
		finish(id, entry, "done", result, List.of());
	}

	private long start(String id, TaskEntry entry) {
		Long deliveries = this.connections.commands()
			.sync()
			.eval(TaskScripts.START, ScriptOutputType.INTEGER,
					new String[] { this.streams.tasks(), this.streams.job(entry.taskId()) }, this.streams.group(), id,
					this.consumer, Long.toString(entry.deadline()), entry.replyTo().isEmpty() ? "job" : "");
		return (deliveries != null) ? deliveries : -1;
	}

	/**
	 * Send an entry that will not run to the dead letter. A waiting caller named in it
	 * gets the reason; a job's state is recorded only when the entry is a task (read and,
	 * with signing, verified), so that a foreign entry cannot mark a job dead.
	 * @param id the entry's id
	 * @param body its fields
	 * @param reason why it will not run
	 * @param entry the entry when it was read and verified, else {@code null}
	 */
	private void reject(String id, @Nullable Map<String, String> body, String reason, @Nullable TaskEntry entry) {
		String replyTo = (body != null) ? body.getOrDefault("reply", "") : "";
		String taskId = (body != null) ? body.getOrDefault("task", "") : "";
		boolean replyable = replyTo.length() <= 64 && taskId.length() <= 64;
		if (replyable && replyTo.isEmpty()) {
			taskId = (entry != null) ? entry.taskId() : "";
		}
		finish(id, replyable ? taskId : "", replyable ? replyTo : "", "dead", reason, List.of());
	}

	/**
	 * Read an entry and, when signatures are required, check its signature.
	 * @param message the stream entry
	 * @return the entry
	 * @throws RejectedEntryException if it is not a task or its signature is bad
	 */
	private TaskEntry verified(StreamMessage<String, String> message) {
		TaskEntry entry = TaskEntry.of(message.getBody(), MAX_ARGUMENTS);
		TaskSigner signer = this.signer;
		if (signer != null) {
			signer.verify(entry, message.getBody().get("sig"));
		}
		return entry;
	}

	/**
	 * Return the fields of an entry to write, signed when signatures are required.
	 * @param entry the entry
	 * @return the fields, names and values in turn
	 */
	private List<String> fieldsOf(TaskEntry entry) {
		List<String> fields = new ArrayList<>();
		entry.toFields().forEach((name, value) -> {
			fields.add(name);
			fields.add(value);
		});
		TaskSigner signer = this.signer;
		if (signer != null) {
			fields.add("sig");
			fields.add(signer.sign(entry));
		}
		return fields;
	}

	private void finish(String id, TaskEntry entry, String outcome, String payload, List<String> fields) {
		finish(id, entry.taskId(), entry.replyTo(), outcome, payload, fields);
	}

	private void finish(String id, String taskId, String replyTo, String outcome, String payload, List<String> fields) {
		List<String> arguments = new ArrayList<>(List.of(this.streams.group(), id, this.consumer, outcome, taskId,
				replyTo, payload, this.consumer, Integer.toString(REPLY_TTL_SECONDS), Integer.toString(MAX_REPLIES),
				Integer.toString(MAX_DEAD), Long.toString(backoff(fields))));
		arguments.addAll(fields);
		Long written = this.connections.commands()
			.sync()
			.eval(TaskScripts.FINISH, ScriptOutputType.INTEGER,
					new String[] { this.streams.tasks(), this.streams.replies(replyTo.isEmpty() ? "-" : replyTo),
							this.streams.dead(), this.streams.delayed(),
							this.streams.job(taskId.isEmpty() ? "-" : taskId) },
					arguments.toArray(String[]::new));
		this.outcomes.computeIfAbsent((written != null && written == 1) ? outcome : "fenced", (name) -> new LongAdder())
			.increment();
		if (written == null || written == 0) {
			logger.debug("Entry " + id + " of task " + taskId + " was taken over: its " + outcome + " is not recorded");
		}
	}

	/**
	 * Return the backoff before a retry: the settings' backoff, doubled for each attempt
	 * made, at most {@link #MAX_BACKOFF}.
	 * @param fields the fields of the next attempt (when retrying)
	 * @return the backoff in milliseconds
	 */
	private long backoff(List<String> fields) {
		int index = fields.indexOf("attempt");
		int attempt = (index >= 0 && index + 1 < fields.size()) ? Integer.parseInt(fields.get(index + 1)) : 1;
		long backoff = this.settings.backoff().toMillis() << Math.min(20, Math.max(0, attempt - 2));
		return Math.min(backoff, MAX_BACKOFF.toMillis());
	}

	private void promoteRetries() {
		if (this.stopped) {
			return;
		}
		evalInBackground(TaskScripts.PROMOTE, ScriptOutputType.INTEGER,
				new String[] { this.streams.delayed(), this.streams.tasks() }, new String[] { "100" },
				"Moving due retries failed");
	}

	private void refreshQueueState() {
		if (this.stopped) {
			return;
		}
		try {
			RedisAsyncCommands<String, String> redis = this.connections.commands().async();
			RedisFuture<Long> length = redis.xlen(this.streams.tasks());
			RedisFuture<Long> dead = redis.xlen(this.streams.dead());
			RedisFuture<Long> delayed = redis.zcard(this.streams.delayed());
			RedisFuture<List<Object>> groups = redis.xinfoGroups(this.streams.tasks());
			CompletableFuture
				.allOf(length.toCompletableFuture(), dead.toCompletableFuture(), delayed.toCompletableFuture(),
						groups.toCompletableFuture().exceptionally((ex) -> List.of()))
				.get(RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
			long[] group = groupState(groups.toCompletableFuture().getNow(List.of()));
			this.queueState = new QueueState(length.get(), group[0], group[1], delayed.get(), dead.get());
			this.queueStateReadAt = System.nanoTime();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Reading the state of the task queue failed", ex);
		}
	}

	/**
	 * Return the pending count and lag of the workers' group from an {@code XINFO GROUPS}
	 * reply (a list of alternating names and values per group).
	 * @param groups the reply
	 * @return pending and lag
	 */
	private long[] groupState(List<Object> groups) {
		for (Object group : groups) {
			if (group instanceof List<?> fields) {
				Map<String, Object> values = new java.util.HashMap<>();
				for (int i = 0; i + 1 < fields.size(); i += 2) {
					values.put(String.valueOf(fields.get(i)), fields.get(i + 1));
				}
				if (this.streams.group().equals(String.valueOf(values.get("name")))) {
					return new long[] { number(values.get("pending")), number(values.get("lag")) };
				}
			}
		}
		return new long[] { 0, 0 };
	}

	private static long number(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	private void renewLeases() {
		List<String> ids = new ArrayList<>(this.running);
		if (ids.isEmpty() || this.stopped) {
			return;
		}
		List<String> arguments = new ArrayList<>(List.of(this.streams.group(), this.consumer));
		arguments.addAll(ids);
		evalInBackground(TaskScripts.RENEW, ScriptOutputType.MULTI, new String[] { this.streams.tasks() },
				arguments.toArray(String[]::new), "Lease renewal failed");
	}

	/**
	 * Run a script without waiting for it: a failure is logged, and the next period tries
	 * again.
	 * @param script the script
	 * @param type its output
	 * @param keys its keys
	 * @param arguments its arguments
	 * @param failure what to log when it fails
	 */
	private void evalInBackground(String script, ScriptOutputType type, String[] keys, String[] arguments,
			String failure) {
		try {
			this.connections.commands().async().eval(script, type, keys, arguments).whenComplete((result, ex) -> {
				if (ex != null) {
					logger.debug(failure, ex);
				}
			});
		}
		catch (RuntimeException ex) {
			logger.debug(failure, ex);
		}
	}

	private void claimAbandoned() {
		int count = capacity();
		if (count == 0 || this.stopped) {
			return;
		}
		try {
			this.connections.commands()
				.async()
				.xautoclaim(this.streams.tasks(),
						XAutoClaimArgs.Builder
							.xautoclaim(Consumer.from(this.streams.group(), this.consumer),
									this.settings.lease().toMillis(), "0-0")
							.count(count))
				.whenCompleteAsync((claimed, ex) -> {
					if (ex != null) {
						if (isNoGroup(ex)) {
							return;
						}
						logger.debug("Claiming abandoned entries failed", ex);
						return;
					}
					this.claimed.add(claimed.getMessages().size());
					claimed.getMessages().forEach(this::take);
				}, this.connections.callbacks());
		}
		catch (RuntimeException ex) {
			logger.debug("Claiming abandoned entries failed", ex);
		}
	}

	private static String truncate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

	/**
	 * The state of the queue in Redis.
	 *
	 * @param length entries in the task stream: waiting, or read and not finished
	 * @param pending entries read by a worker and not finished
	 * @param lag entries no worker has read yet
	 * @param delayed retries waiting for their backoff
	 * @param deadLetters entries in the dead-letter stream
	 */
	public record QueueState(long length, long pending, long lag, long delayed, long deadLetters) {

	}

	/**
	 * How a worker holds and gives up entries.
	 *
	 * @param lease how long an entry may go without renewal before another worker claims
	 * it
	 * @param maxAttempts how many times a task that throws is run
	 * @param maxDeliveries how many times an entry may be delivered (claims included)
	 * before it goes to the dead letter
	 * @param backoff the wait before the second attempt, doubled for each later one
	 */
	public record Settings(Duration lease, int maxAttempts, int maxDeliveries, Duration backoff) {

		/**
		 * Create a new instance.
		 * @param lease the lease
		 * @param maxAttempts the attempts
		 * @param maxDeliveries the deliveries
		 * @param backoff the backoff
		 */
		public Settings {
			Assert.isTrue(!lease.isNegative() && !lease.isZero(), "'lease' must be positive");
			Assert.isTrue(maxAttempts > 0, "'maxAttempts' must be positive");
			Assert.isTrue(maxDeliveries > 0, "'maxDeliveries' must be positive");
			Assert.isTrue(!backoff.isNegative(), "'backoff' must not be negative");
		}

	}

}
