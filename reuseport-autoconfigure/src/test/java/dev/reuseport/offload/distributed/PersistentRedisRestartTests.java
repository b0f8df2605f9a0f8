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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the distributed offload queue across restarts of a Redis that persists every
 * write (append-only file, fsync always), killed with {@code SIGKILL}: jobs queued before
 * the restart run after it, callers waiting during the outage fail at once with the
 * reason, and repeated outages leave no threads behind.
 *
 * @author reuseport team
 */
class PersistentRedisRestartTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Path DATA = temporaryDirectory();

	@RegisterExtension
	static final RedisServer redis = new RedisServer("--appendonly", "yes", "--appendfsync", "always", "--dir",
			DATA.toString());

	private final TaskStreams streams = TaskStreams.of("persistent-" + UUID.randomUUID());

	private final QueueParts parts = new QueueParts(redis, this.streams);

	@AfterEach
	void cleanUp() {
		this.parts.close();
		redis.start();
	}

	@Test
	void jobsQueuedBeforeAPersistentRestartRunAfterItAndWaitingCallersFailAtOnce() throws Exception {
		TaskSubmitter submitter = submitter();
		for (int i = 0; i < 3; i++) {
			submitter.enqueue("record", "[\"job-" + i + "\"]").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		CompletableFuture<String> waiting = submitter.call("record", "[\"call\"]", WAIT);
		await().atMost(WAIT).until(() -> length() == 4);
		redis.stop();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(TaskFailedException.class, (ex) -> assertThat(ex.getOutcome()).isEqualTo("lost"));
		redis.start();
		Set<String> ran = ConcurrentHashMap.newKeySet();
		worker(ran).start();
		// the jobs were on disk; the call may run too (its caller gave up, its result
		// goes nowhere)
		await().atMost(WAIT).until(() -> ran.containsAll(Set.of("job-0", "job-1", "job-2")));
		await().atMost(WAIT)
			.ignoreExceptions()
			.until(() -> submitter.call("record", "[\"after\"]", Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS),
					"\"after\""::equals);
	}

	@Test
	void repeatedOutagesLeaveNoThreadsBehindAndNoCallerHangs() throws Exception {
		TaskSubmitter submitter = submitter();
		worker(ConcurrentHashMap.newKeySet()).start();
		assertThat(call(submitter, "warm-up")).isEqualTo("\"warm-up\"");
		// the first outage starts what starts lazily (reconnect timers, timeouts)
		outage(submitter, "first");
		Set<String> threads = threadNames();
		for (int outage = 0; outage < 5; outage++) {
			outage(submitter, "after-" + outage);
		}
		Set<String> added = threadNames();
		added.removeAll(threads);
		// Lettuce's event executors (a pool of one thread per core) and the JDK's process
		// reaper (for the restarted redis-server) start threads on demand, up to a bound;
		// Awaitility polls on a thread of its own
		added.removeIf((name) -> name.startsWith("lettuce-eventExecutorLoop-") || name.startsWith("process reaper")
				|| name.startsWith("awaitility"));
		assertThat(added).as("threads started and not ended").isEmpty();
	}

	private void outage(TaskSubmitter submitter, String name) {
		redis.stop();
		CompletableFuture<String> during = submitter.call("record", "[\"during\"]", Duration.ofSeconds(3));
		// a call made while Redis is down ends (an error), it does not hang
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> during.get(10, TimeUnit.SECONDS));
		redis.start();
		await().atMost(WAIT).ignoreExceptions().until(() -> call(submitter, name), ("\"" + name + "\"")::equals);
	}

	private static Set<String> threadNames() {
		Set<String> names = new HashSet<>();
		Thread.getAllStackTraces().keySet().forEach((thread) -> names.add(thread.getName()));
		return names;
	}

	private long length() {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().xlen(this.streams.tasks());
		}
		finally {
			client.shutdown();
		}
	}

	private static String call(TaskSubmitter submitter, String name) throws Exception {
		return submitter.call("record", "[\"" + name + "\"]", Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
	}

	private TaskSubmitter submitter() {
		return this.parts.submitter("caller");
	}

	private TaskWorker worker(Set<String> ran) {
		TaskRegistry registry = new TaskRegistry();
		registry.register("record", new Type[] { String.class }, (arguments, context) -> {
			ran.add((String) arguments[0]);
			return arguments[0];
		});
		return this.parts.worker("worker", registry, 2);
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("redis-aof-");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
