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

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Restarts every instance of an application that queues all its calls
 * ({@code @Offload(distributed = true)}, policy {@code always}) under load: three JVMs
 * share one port ({@code SO_REUSEPORT}, one worker each), and each in turn is replaced: a
 * new JVM joins the port, then the old one gets SIGTERM and shuts down gracefully, while
 * 3 clients open new connections and 2 use keep-alive connections. Redis runs inside the
 * same private network namespace. Run by {@link RollingRestartTests}; prints
 * {@code RESULT <LoadClients counts> restarted=… exited=… pending=… lag=… queued=… dead=…}.
 *
 * @author reuseport team
 */
public final class RollingRestartScenario {

	private static final int PORT = 18282;

	private static final int INSTANCES = 3;

	private RollingRestartScenario() {
	}

	public static void main(String[] args) throws Exception {
		RedisServer redis = new RedisServer();
		redis.start();
		List<Process> instances = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			instances.add(start(redis, "first-" + i, i > 0));
			awaitListeners(i + 1);
		}
		awaitServing();
		LoadClients clients = LoadClients.start(PORT, "/thumbnail?id=r&width=500", 3, 2);
		clients.awaitRequests(100);
		int exited = 0;
		for (int i = 0; i < INSTANCES; i++) {
			Process replacement = start(redis, "second-" + i, true);
			awaitListeners(INSTANCES + 1);
			clients.awaitRequests(100);
			Process old = instances.set(i, replacement);
			old.destroy();
			if (old.waitFor(60, TimeUnit.SECONDS)) {
				exited++;
			}
			awaitListeners(INSTANCES);
			clients.awaitRequests(100);
		}
		String counts = clients.stop();
		long[] state = queueState(redis);
		System.out.println("RESULT " + counts + " restarted=" + INSTANCES + " exited=" + exited + " pending=" + state[0]
				+ " lag=" + state[1] + " queued=" + state[2] + " dead=" + state[3]);
		for (Process instance : instances) {
			instance.destroy();
			instance.waitFor(30, TimeUnit.SECONDS);
		}
		redis.stop();
		System.exit(0);
	}

	private static Process start(RedisServer redis, String name, boolean shared) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						System.getProperty("java.class.path"), QueueApplication.class.getName(),
						"--server.port=" + PORT, "--reuseport.workers=1", "--server.shutdown=graceful",
						"--spring.lifecycle.timeout-per-shutdown-phase=20s", "--spring.main.banner-mode=off",
						"--spring.reactor.netty.shutdown-quiet-period=0", "--spring.application.name=rolling",
						"--spring.data.redis.port=" + redis.getPort(), "--reuseport.offload.distributed.enabled=true",
						"--reuseport.offload.distributed.policy=always", "--reuseport.offload.threads=1",
						"--reuseport.offload.distributed.lease=1s", "--reuseport.offload.timeout=30s",
						"--management.health.redis.enabled=false"));
		if (shared) {
			command.add("--reuseport.allow-shared-port=true");
		}
		File log = File.createTempFile("rolling-" + name, ".log");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

	private static void awaitListeners(int listeners) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (PortListeners.forPort(PORT).total() != listeners) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not " + listeners + " listeners on port " + PORT);
			}
			Thread.sleep(20);
		}
	}

	private static void awaitServing() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			try {
				RawHttpConnection.get(PORT, "/thumbnail?id=first&width=1");
				return;
			}
			catch (RuntimeException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("No instance answered");
	}

	/**
	 * Return the queue's pending entries, lag, length and dead letters once it settled
	 * (at most 30 s).
	 * @param redis the server
	 * @return the four numbers
	 */
	private static long[] queueState(RedisServer redis) throws InterruptedException {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			TaskStreams streams = TaskStreams.of("rolling");
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			long[] state;
			do {
				long pending = commands.xpending(streams.tasks(), streams.group()).getCount();
				state = new long[] { pending, 0, commands.xlen(streams.tasks()), commands.xlen(streams.dead()) };
				if (state[0] == 0 && state[2] == 0) {
					break;
				}
				Thread.sleep(100);
			}
			while (System.nanoTime() < deadline);
			return state;
		}
		finally {
			client.shutdown();
		}
	}

}
