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

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.offload.OffloadUnavailableException;
import dev.reuseport.redis.RedisConnector;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskSubmitter} and {@link TaskWorker} against a real Redis: several
 * "instances" in one JVM, each with connections of its own.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskQueueTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration LEASE = Duration.ofMillis(600);

	private static final Duration BACKOFF = Duration.ofMillis(150);

	private static final TaskWorker.Settings SETTINGS = new TaskWorker.Settings(LEASE, 3, 5, BACKOFF);

	private static final Type[] TWO_INTS = { int.class, int.class };

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final TaskStreams streams = TaskStreams.of("test-" + UUID.randomUUID());

	private final TaskArguments arguments = new TaskArguments();

	private final List<Runnable> cleanups = new ArrayList<>();

	private RedisClient client;

	private RedisCommands<String, String> redisCommands;

	@BeforeEach
	void connect() {
		this.client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		StatefulRedisConnection<String, String> connection = this.client.connect();
		this.redisCommands = connection.sync();
		this.cleanups.add(connection::close);
	}

	@AfterEach
	void cleanUp() {
		for (int i = this.cleanups.size() - 1; i >= 0; i--) {
			this.cleanups.get(i).run();
		}
		this.client.shutdown();
	}

	@Test
	void taskQueuedByOneInstanceRunsOnAnotherAndItsResultReachesTheCaller() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		TaskRegistry registry = new TaskRegistry();
		List<String> threads = new ArrayList<>();
		registry.register("add", TWO_INTS, (args, context) -> {
			threads.add(Thread.currentThread().getName());
			return (Integer) args[0] + (Integer) args[1];
		});
		worker("b", registry, 2, SETTINGS).start();
		assertThat(submitter.call("add", "[2,3]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("5");
		assertThat(threads).singleElement().asString().startsWith("tasks-b-");
		assertThat(pending()).isZero();
		assertThat(this.redisCommands.xlen(this.streams.tasks())).isZero();
	}

	@Test
	void entryThatArrivesWhenTheExecutorGotBusyIsGivenBackForAnIdleWorker() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		AtomicBoolean busy = new AtomicBoolean();
		List<String> ranOn = new CopyOnWriteArrayList<>();
		TaskWorker first = worker("first", registry("work", (args, context) -> ranOn.add("first")), 1, SETTINGS);
		first.setIdleThreads(() -> busy.get() ? 0 : 1);
		first.start();
		// its read is waiting in Redis, asked for while its executor was idle
		await().atMost(WAIT).until(() -> this.redisCommands.clientList().contains("cmd=xreadgroup"));
		busy.set(true);
		var result = submitter.call("work", "[]", WAIT);
		worker("second", registry("work", (args, context) -> ranOn.add("second")), 1, SETTINGS).start();
		assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("true");
		assertThat(ranOn).containsExactly("second");
	}

	@Test
	void taskLongerThanThreeLeasesRunsOnceWhileItsWorkerLives() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		AtomicInteger runs = new AtomicInteger();
		TaskRegistry slow = registry("slow", (args, context) -> {
			runs.incrementAndGet();
			Thread.sleep(LEASE.toMillis() * 4);
			return "slow";
		});
		worker("b", slow, 1, SETTINGS).start();
		worker("c", slow, 1, SETTINGS).start();
		assertThat(submitter.call("slow", "[]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"slow\"");
		assertThat(runs).hasValue(1);
	}

	@Test
	void workOfAWorkerThatWentSilentIsClaimedAndTheSilentWorkerCannotPublishASecondResult() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch startedOnB = new CountDownLatch(1);
		AtomicInteger finishedOnB = new AtomicInteger();
		TaskWorker b = worker("b", registry("work", (args, context) -> {
			startedOnB.countDown();
			release.await();
			finishedOnB.incrementAndGet();
			return "from b";
		}), 1, SETTINGS);
		b.start();
		var result = submitter.call("work", "[]", WAIT);
		assertThat(startedOnB.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		// b goes silent (as when frozen or killed): it renews no lease and reads no more
		b.stop();
		worker("c", registry("work", (args, context) -> "from c"), 1, SETTINGS).start();
		assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"from c\"");
		// b wakes up and finishes: its result is fenced off
		submitter.stop();
		release.countDown();
		await().atMost(WAIT).until(() -> finishedOnB.get() == 1 && b.getRunning().isEmpty());
		// (c's reply may still be there: the stopped submitter need not have deleted it)
		assertThat(this.redisCommands.xrange(this.streams.replies("a"), io.lettuce.core.Range.create("-", "+")))
			.noneMatch((reply) -> "b".equals(reply.getBody().get("ran")));
		assertThat(pending()).isZero();
	}

	@Test
	void taskThatKeepsThrowingIsRetriedThenDeadLetteredWhileOthersFlow() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		AtomicInteger attempts = new AtomicInteger();
		List<Long> startedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
		TaskRegistry registry = registry("poison", (args, context) -> {
			attempts.incrementAndGet();
			startedAt.add(System.nanoTime());
			throw new IllegalStateException("attempt " + context.attempt());
		});
		registry.register("add", TWO_INTS, (args, context) -> (Integer) args[0] + (Integer) args[1]);
		worker("b", registry, 2, SETTINGS).start();
		var poison = submitter.call("poison", "[]", WAIT);
		assertThat(submitter.call("add", "[1,1]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("2");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> poison.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.withCauseInstanceOf(TaskFailedException.class)
			.withMessageContaining("failed 3 times")
			.withMessageContaining("attempt 3");
		assertThat(attempts).hasValue(3);
		// the backoff doubles: at least 150 ms before the second attempt, 300 ms before
		// the third
		assertThat(startedAt.get(1) - startedAt.get(0)).isGreaterThanOrEqualTo(BACKOFF.toNanos());
		assertThat(startedAt.get(2) - startedAt.get(1)).isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2).toNanos());
		assertThat(this.redisCommands.zcard(this.streams.delayed())).isZero();
		List<StreamMessage<String, String>> dead = this.redisCommands.xrange(this.streams.dead(),
				io.lettuce.core.Range.create("-", "+"));
		assertThat(dead).singleElement()
			.satisfies((message) -> assertThat(message.getBody()).containsEntry("name", "poison")
				.containsEntry("attempt", "3"));
	}

	@Test
	void hostileEntriesGoToTheDeadLetterAndNothingRuns() {
		AtomicInteger runs = new AtomicInteger();
		TaskRegistry registry = new TaskRegistry();
		registry.register("add", TWO_INTS, (args, context) -> runs.incrementAndGet());
		registry.register("map", new Type[] { Map.class }, (args, context) -> runs.incrementAndGet());
		// one thread: entries are handled in the order they were written
		TaskWorker worker = worker("b", registry, 1, SETTINGS);
		worker.start();
		await().atMost(WAIT).until(() -> groupExists());
		String nested = "[" + "[".repeat(1000) + "]".repeat(1000) + "]";
		String serialized = new String(new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r' },
				java.nio.charset.StandardCharsets.ISO_8859_1);
		List<Map<String, String>> hostile = List.of(entry("java.lang.Runtime", "[]"), entry("add", "[\"x\",\"y\"]"),
				entry("add", serialized), entry("map", "[{\"@class\":\"java.net.URL\",\"x\":1}]"), entry("add", nested),
				entry("add", "[1]"), Map.of("name", "add", "args", "[1,2]"));
		hostile.forEach((fields) -> this.redisCommands.xadd(this.streams.tasks(), fields));
		await().atMost(WAIT).until(() -> this.redisCommands.xlen(this.streams.dead()) == hostile.size());
		assertThat(this.redisCommands.xrange(this.streams.dead(), io.lettuce.core.Range.create("-", "+")))
			.extracting((message) -> message.getBody().get("reason"))
			.satisfiesExactly((reason) -> assertThat(reason).isEqualTo("no task named 'java.lang.Runtime'"),
					(reason) -> assertThat(reason).startsWith("argument 0 does not bind to int"),
					(reason) -> assertThat(reason).startsWith("arguments are not JSON"),
					(reason) -> assertThat(reason).isEqualTo("arguments carry a type name ('@class')"),
					(reason) -> assertThat(reason).startsWith("arguments are not JSON").contains("depth"),
					(reason) -> assertThat(reason).isEqualTo("arguments are not a JSON array of 2"),
					(reason) -> assertThat(reason).isEqualTo("foreign entry: no version 1"));
		assertThat(runs).hasValue(0);
		assertThat(pending()).isZero();
		assertThat(this.redisCommands.xlen(this.streams.tasks())).isZero();
		assertThat(worker.getOutcomes("dead")).isEqualTo(hostile.size());
		await().atMost(WAIT).until(() -> worker.getQueueState().deadLetters() == hostile.size());
		assertThat(worker.getQueueState()).isEqualTo(new TaskWorker.QueueState(0, 0, 0, 0, hostile.size()));
	}

	@Test
	void withSigningOnlySignedEntriesRunAndForgedOnesGoToTheDeadLetter() throws Exception {
		TaskSigner signer = new TaskSigner("0123456789abcdef0123456789abcdef".getBytes());
		TaskSubmitter submitter = submitter("a", 100);
		submitter.setSigner(signer);
		List<String> ran = new CopyOnWriteArrayList<>();
		TaskRegistry registry = new TaskRegistry();
		registry.register("add", TWO_INTS, (args, context) -> {
			ran.add(context.taskId());
			return (Integer) args[0] + (Integer) args[1];
		});
		TaskWorker worker = worker("b", registry, 1, SETTINGS);
		worker.setSigner(signer);
		worker.start();
		assertThat(submitter.call("add", "[2,3]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("5");
		Map<String, String> unsigned = entry("add", "[1,1]");
		Map<String, String> forged = new java.util.HashMap<>(entry("add", "[1,2]"));
		forged.put("sig", signer.sign(new TaskEntry(forged.get("task"), "add", "[1,1]", "", 0, 1, "")));
		this.redisCommands.xadd(this.streams.tasks(), unsigned);
		this.redisCommands.xadd(this.streams.tasks(), forged);
		await().atMost(WAIT).until(() -> this.redisCommands.xlen(this.streams.dead()) == 2);
		assertThat(this.redisCommands.xrange(this.streams.dead(), io.lettuce.core.Range.create("-", "+")))
			.extracting((message) -> message.getBody().get("reason"))
			.containsOnly("bad or missing signature");
		assertThat(ran).hasSize(1);
	}

	@Test
	void taskWhoseCallerGaveUpIsNotRun() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		AtomicInteger runs = new AtomicInteger();
		var gaveUp = submitter.call("work", "[]", Duration.ofMillis(200));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> gaveUp.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class);
		createGroup();
		worker("b", registry("work", (args, context) -> runs.incrementAndGet()), 1, SETTINGS).start();
		await().atMost(WAIT).until(() -> this.redisCommands.xlen(this.streams.tasks()) == 0);
		assertThat(runs).hasValue(0);
		assertThat(pending()).isZero();
	}

	@Test
	void fullQueueRejectsAtOnceWithoutAddingAnEntry() throws Exception {
		TaskSubmitter submitter = submitter("a", 2);
		submitter.enqueue("work", "[]").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		submitter.enqueue("work", "[]").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> submitter.call("work", "[]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(OffloadUnavailableException.class,
					(ex) -> assertThat(ex.getReason()).isEqualTo(OffloadUnavailableException.Reason.QUEUE_FULL));
		assertThat(this.redisCommands.xlen(this.streams.tasks())).isEqualTo(2);
		assertThat(submitter.getWaiting()).isZero();
	}

	@Test
	void jobRunsAfterItsSubmitterStopped() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		AtomicInteger runs = new AtomicInteger();
		String taskId = submitter.enqueue("job", "[]").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		submitter.stop();
		createGroup();
		List<String> ids = new ArrayList<>();
		worker("b", registry("job", (args, context) -> {
			ids.add(context.taskId());
			return runs.incrementAndGet();
		}), 1, SETTINGS).start();
		await().atMost(WAIT).until(() -> runs.get() == 1 && pending() == 0);
		assertThat(ids).containsExactly(taskId);
	}

	@Test
	void workerRecreatesTheGroupWhenRedisLostIt() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		worker("b", registry("work", (args, context) -> "done"), 1, SETTINGS).start();
		assertThat(submitter.call("work", "[]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"done\"");
		// as after a restart without persistence: the stream and its group are gone
		this.redisCommands.del(this.streams.tasks());
		assertThat(submitter.call("work", "[]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"done\"");
	}

	@Test
	void callersWaitingWhenRedisGoesAwayFailAtOnceAndNewTasksRunWhenItIsBack() throws Exception {
		TaskSubmitter submitter = submitter("a", 100);
		var waiting = submitter.call("work", "[]", WAIT);
		await().atMost(WAIT).until(() -> this.redisCommands.xlen(this.streams.tasks()) == 1);
		// a restart without persistence: the stream, its group and the entry are gone
		redis.stop();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(TaskFailedException.class, (ex) -> assertThat(ex.getOutcome()).isEqualTo("lost"));
		redis.start();
		worker("b", registry("work", (args, context) -> "done"), 1, SETTINGS).start();
		await().atMost(WAIT)
			.ignoreExceptions()
			.until(() -> submitter.call("work", "[]", Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS),
					"\"done\""::equals);
	}

	@Test
	void workerWarnsWhenRedisCanEvictTheQueue(CapturedOutput output) {
		this.redisCommands.configSet("maxmemory-policy", "allkeys-lru");
		this.cleanups.add(() -> this.redisCommands.configSet("maxmemory-policy", "noeviction"));
		worker("b", registry("work", (args, context) -> "done"), 1, SETTINGS).start();
		await().atMost(WAIT).until(() -> output.getOut().contains("maxmemory-policy allkeys-lru"));
		assertThat(output.getOut()).contains("lose every task in it");
	}

	@Test
	void workerDoesNotWarnWhenRedisNeverEvicts(CapturedOutput output) throws Exception {
		this.redisCommands.configSet("maxmemory-policy", "noeviction");
		TaskSubmitter submitter = submitter("a", 100);
		worker("b", registry("work", (args, context) -> "done"), 1, SETTINGS).start();
		assertThat(submitter.call("work", "[]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"done\"");
		assertThat(output.getOut()).doesNotContain("maxmemory-policy");
	}

	private Map<String, String> entry(String name, String args) {
		return Map.of("v", "1", "task", UUID.randomUUID().toString(), "name", name, "args", args, "reply", "",
				"deadline", "0", "attempt", "1");
	}

	private TaskRegistry registry(String name, TaskRegistry.TaskInvoker invoker) {
		TaskRegistry registry = new TaskRegistry();
		registry.register(name, new Type[0], invoker);
		return registry;
	}

	private TaskSubmitter submitter(String instance, long maxQueued) {
		RedisConnector connector = connector();
		TaskSubmitter submitter = new TaskSubmitter(connector, this.streams, instance, maxQueued);
		submitter.start();
		this.cleanups.add(submitter::stop);
		return submitter;
	}

	private TaskWorker worker(String consumer, TaskRegistry registry, int threads, TaskWorker.Settings settings) {
		RedisConnector connector = connector();
		AtomicInteger count = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "tasks-" + consumer + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		TaskWorker worker = new TaskWorker(connector, this.streams, consumer, registry, this.arguments, executor,
				threads, settings);
		this.cleanups.add(executor::shutdownNow);
		this.cleanups.add(() -> {
			worker.stop();
			worker.awaitTermination(Duration.ofSeconds(5));
		});
		return worker;
	}

	private RedisConnector connector() {
		RedisConnector connector = RedisConnector.forUrl("redis://127.0.0.1:" + redis.getPort(), Duration.ofSeconds(2));
		this.cleanups.add(connector::destroy);
		return connector;
	}

	private void createGroup() {
		this.redisCommands.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(this.streams.tasks(), "0"),
				this.streams.group(), io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
	}

	private boolean groupExists() {
		return this.redisCommands.exists(this.streams.tasks()) == 1
				&& !this.redisCommands.xinfoGroups(this.streams.tasks()).isEmpty();
	}

	private long pending() {
		return this.redisCommands.xpending(this.streams.tasks(), this.streams.group()).getCount();
	}

}
