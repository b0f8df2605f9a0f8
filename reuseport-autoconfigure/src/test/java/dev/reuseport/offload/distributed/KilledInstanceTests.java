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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.reuseport.redis.RedisConnector;
import dev.reuseport.testsupport.ChildJvm;
import dev.reuseport.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the distributed offload queue with instances in JVMs of their own, killed with
 * {@code SIGKILL}.
 *
 * @author reuseport team
 */
class KilledInstanceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration LEASE = Duration.ofSeconds(1);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "killed-" + java.util.UUID.randomUUID();

	@Test
	void taskOfAKilledInstanceIsCompletedByAnotherAndTheCallerGetsItsResult() throws Exception {
		ChildJvm.Running child = ChildJvm.start(Instance.class, Integer.toString(redis.getPort()), this.application,
				"work");
		try {
			RedisConnector connector = connector();
			TaskSubmitter submitter = new TaskSubmitter(connector, TaskStreams.of(this.application), "caller", 10);
			submitter.start();
			var result = submitter.call("render", "[\"cat\"]", WAIT);
			// the child takes the task and blocks in it: kill it there
			await().atMost(WAIT).until(() -> child.output().contains("started cat attempt 1"));
			child.kill();
			long killedAt = System.nanoTime();
			TaskWorker survivor = worker(connector, "survivor");
			survivor.start();
			assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"cat rendered by survivor\"");
			// claimed after the lease, with the claim period and a read as margin
			assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(LEASE.multipliedBy(4));
			survivor.stop();
			submitter.stop();
			connector.destroy();
		}
		finally {
			child.kill();
		}
	}

	@Test
	void jobSubmittedByAKilledInstanceStillRuns() throws Exception {
		ChildJvm.Running child = ChildJvm.start(Instance.class, Integer.toString(redis.getPort()), this.application,
				"submit");
		try {
			await().atMost(WAIT).until(() -> child.output().contains("queued"));
			child.kill();
			RedisConnector connector = connector();
			CountDownLatch ran = new CountDownLatch(1);
			TaskRegistry registry = new TaskRegistry();
			registry.register("render", new Type[] { String.class }, (args, context) -> {
				ran.countDown();
				return null;
			});
			ExecutorService executor = Executors.newSingleThreadExecutor();
			TaskWorker worker = new TaskWorker(connector, TaskStreams.of(this.application), "survivor", registry,
					new TaskArguments(), executor, 1, new TaskWorker.Settings(LEASE, 3, 5, Duration.ZERO));
			worker.start();
			assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			worker.stop();
			executor.shutdownNow();
			connector.destroy();
		}
		finally {
			child.kill();
		}
	}

	@Test
	void workerFrozenWithSigstopPastItsLeaseIsFencedOffWhenItWakes() throws Exception {
		ChildJvm.Running child = ChildJvm.start(Instance.class, Integer.toString(redis.getPort()), this.application,
				"sleep");
		try {
			RedisConnector connector = connector();
			TaskSubmitter submitter = new TaskSubmitter(connector, TaskStreams.of(this.application), "caller", 10);
			submitter.start();
			var result = submitter.call("render", "[\"cat\"]", WAIT);
			await().atMost(WAIT).until(() -> child.output().contains("started cat attempt 1"));
			signal(child, "STOP");
			TaskWorker survivor = worker(connector, "survivor");
			survivor.start();
			// the survivor claims the frozen worker's entry after the lease and answers
			assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("\"cat rendered by survivor\"");
			signal(child, "CONT");
			// the woken worker finishes its run but cannot publish a second result
			await().atMost(WAIT).until(() -> child.output().contains("fenced 1"));
			assertThat(child.output()).contains("finished cat");
			survivor.stop();
			submitter.stop();
			connector.destroy();
		}
		finally {
			signal(child, "CONT");
			child.kill();
		}
	}

	private static void signal(ChildJvm.Running child, String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.process().pid())).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
	}

	private TaskWorker worker(RedisConnector connector, String name) {
		TaskRegistry registry = new TaskRegistry();
		registry.register("render", new Type[] { String.class }, (args, context) -> args[0] + " rendered by " + name);
		return new TaskWorker(connector, TaskStreams.of(this.application), name, registry, new TaskArguments(),
				Executors.newSingleThreadExecutor(), 1, new TaskWorker.Settings(LEASE, 3, 5, Duration.ZERO));
	}

	private static RedisConnector connector() {
		return RedisConnector.forUrl("redis://127.0.0.1:" + redis.getPort(), Duration.ofSeconds(2));
	}

	/**
	 * An instance in a JVM of its own: {@code work} runs a worker whose task blocks for
	 * good, {@code sleep} one whose task sleeps twice the lease and then says whether its
	 * result was fenced off, {@code submit} queues one job; each says when it got there.
	 */
	public static final class Instance {

		private Instance() {
		}

		public static void main(String[] arguments) throws Exception {
			RedisConnector connector = RedisConnector.forUrl("redis://127.0.0.1:" + arguments[0],
					Duration.ofSeconds(2));
			TaskStreams streams = TaskStreams.of(arguments[1]);
			if (arguments[2].equals("submit")) {
				TaskSubmitter submitter = new TaskSubmitter(connector, streams, "doomed", 10);
				submitter.enqueue("render", "[\"dog\"]").get(10, TimeUnit.SECONDS);
				System.out.println("queued");
			}
			else {
				boolean sleep = arguments[2].equals("sleep");
				TaskRegistry registry = new TaskRegistry();
				registry.register("render", new Type[] { String.class }, (args, context) -> {
					System.out.println("started " + args[0] + " attempt " + context.attempt());
					if (!sleep) {
						new CountDownLatch(1).await();
					}
					// frozen (SIGSTOP) in here; the sleep is over when it wakes
					Thread.sleep(LEASE.multipliedBy(2).toMillis());
					System.out.println("finished " + args[0]);
					return args[0] + " rendered by doomed";
				});
				TaskWorker worker = new TaskWorker(connector, streams, "doomed", registry, new TaskArguments(),
						Executors.newSingleThreadExecutor(), 1, new TaskWorker.Settings(LEASE, 3, 5, Duration.ZERO));
				worker.start();
				while (sleep) {
					if (worker.getOutcomes("fenced") > 0) {
						System.out.println("fenced " + worker.getOutcomes("fenced"));
						break;
					}
					Thread.sleep(20);
				}
			}
			new CountDownLatch(1).await();
		}

	}

}
