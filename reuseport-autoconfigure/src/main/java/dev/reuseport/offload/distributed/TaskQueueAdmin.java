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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reads and repairs one application's task queue for operators: the pending entries per
 * consumer, the recent dead letters, replaying a dead letter as a new job, and purging
 * the dead letters. It blocks on Redis (at most its timeout per command) and is meant for
 * Actuator operations, never for an event loop. What it reads is bounded: at most
 * {@value #MAX_DEAD_LETTERS} dead letters, each field cut to {@value #MAX_FIELD}
 * characters.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class TaskQueueAdmin {

	static final int MAX_DEAD_LETTERS = 50;

	static final int MAX_FIELD = 1024;

	private static final int MAX_ARGUMENTS = 1024 * 1024;

	private final RedisConnector connector;

	private final TaskStreams streams;

	private final Duration timeout;

	private volatile @Nullable TaskSigner signer;

	private @Nullable StatefulRedisConnection<String, String> connection;

	/**
	 * Create a new instance.
	 * @param connector opens the connection to Redis
	 * @param streams the keys
	 * @param timeout the longest wait for one command
	 */
	public TaskQueueAdmin(RedisConnector connector, TaskStreams streams, Duration timeout) {
		this.connector = connector;
		this.streams = streams;
		this.timeout = timeout;
	}

	/**
	 * Sign the entries replayed, for workers that require signatures.
	 * @param signer the signer
	 */
	public void setSigner(TaskSigner signer) {
		this.signer = signer;
	}

	/**
	 * Return how many entries each consumer holds pending (running or lost with it).
	 * @return the pending entries per consumer
	 */
	public Map<String, Long> pendingPerConsumer() {
		Map<String, Long> pending = new LinkedHashMap<>();
		try {
			redis().xpending(this.streams.tasks(), this.streams.group())
				.getConsumerMessageCount()
				.forEach(pending::put);
		}
		catch (RuntimeException ex) {
			if (!isNoGroup(ex)) {
				throw ex;
			}
		}
		return pending;
	}

	/**
	 * Return the most recent dead letters, newest first.
	 * @param count how many, at most {@value #MAX_DEAD_LETTERS}
	 * @return the dead letters
	 */
	public List<DeadLetter> deadLetters(int count) {
		Assert.isTrue(count > 0, "'count' must be positive");
		List<DeadLetter> letters = new ArrayList<>();
		for (StreamMessage<String, String> message : redis().xrevrange(this.streams.dead(), Range.create("-", "+"),
				io.lettuce.core.Limit.from(Math.min(count, MAX_DEAD_LETTERS)))) {
			letters.add(DeadLetter.of(message));
		}
		return letters;
	}

	/**
	 * Queue a dead letter's task again, as a new job (its caller is gone): a fresh
	 * attempt 1 with no deadline, signed when signatures are required, and remove the
	 * dead letter.
	 * @param deadLetterId the id of the dead letter
	 * @return the new entry's id
	 * @throws IllegalArgumentException when there is no such dead letter, or it holds no
	 * task (an entry rejected as foreign keeps none)
	 */
	public String replay(String deadLetterId) {
		List<StreamMessage<String, String>> found = redis().xrange(this.streams.dead(),
				Range.create(deadLetterId, deadLetterId));
		if (found.isEmpty()) {
			throw new IllegalArgumentException("No dead letter " + deadLetterId);
		}
		Map<String, String> fields = new LinkedHashMap<>(found.get(0).getBody());
		fields.remove("entry");
		fields.remove("reason");
		fields.remove("consumer");
		fields.remove("sig");
		TaskEntry entry;
		try {
			entry = TaskEntry.of(fields, MAX_ARGUMENTS);
		}
		catch (RejectedEntryException ex) {
			throw new IllegalArgumentException(
					"Dead letter " + deadLetterId + " holds no task to replay (" + ex.getMessage() + ")");
		}
		TaskEntry job = new TaskEntry(entry.taskId(), entry.name(), entry.arguments(), "", 0, 1, entry.trace());
		Map<String, String> body = job.toFields();
		TaskSigner signer = this.signer;
		if (signer != null) {
			body.put("sig", signer.sign(job));
		}
		String id = redis().xadd(this.streams.tasks(), body);
		redis().xdel(this.streams.dead(), deadLetterId);
		return id;
	}

	/**
	 * Remove every dead letter.
	 * @return how many there were
	 */
	public long purgeDeadLetters() {
		long count = redis().xlen(this.streams.dead());
		redis().del(this.streams.dead());
		return count;
	}

	/**
	 * Close the connection.
	 */
	public synchronized void close() {
		StatefulRedisConnection<String, String> open = this.connection;
		this.connection = null;
		if (open != null) {
			open.close();
		}
	}

	private synchronized RedisCommands<String, String> redis() {
		StatefulRedisConnection<String, String> open = this.connection;
		if (open == null || !open.isOpen()) {
			open = this.connector.connect(StringCodec.UTF8);
			open.setTimeout(this.timeout);
			this.connection = open;
		}
		return open.sync();
	}

	private static boolean isNoGroup(RuntimeException ex) {
		return ex.getMessage() != null && ex.getMessage().startsWith("NOGROUP");
	}

	/**
	 * A dead letter as an operator sees it.
	 *
	 * @param id its id in the dead-letter stream
	 * @param entry the id the entry had in the task stream
	 * @param taskId the task's id, empty when the entry was foreign
	 * @param name the task's name, empty when the entry was foreign
	 * @param reason why it went to the dead letter
	 * @param consumer the instance that moved it there
	 * @param attempt the attempt it failed on, {@code 0} when unknown
	 * @param arguments its arguments (JSON), empty when the entry was foreign
	 */
	public record DeadLetter(String id, String entry, String taskId, String name, String reason, String consumer,
			int attempt, String arguments) {

		static DeadLetter of(StreamMessage<String, String> message) {
			Map<String, String> body = message.getBody();
			int attempt;
			try {
				attempt = Integer.parseInt(body.getOrDefault("attempt", "0"));
			}
			catch (NumberFormatException ex) {
				attempt = 0;
			}
			return new DeadLetter(message.getId(), cut(body.get("entry")), cut(body.get("task")), cut(body.get("name")),
					cut(body.get("reason")), cut(body.get("consumer")), attempt, cut(body.get("args")));
		}

		private static String cut(@Nullable String value) {
			if (value == null) {
				return "";
			}
			return (value.length() > MAX_FIELD) ? value.substring(0, MAX_FIELD) + "…" : value;
		}

	}

}
