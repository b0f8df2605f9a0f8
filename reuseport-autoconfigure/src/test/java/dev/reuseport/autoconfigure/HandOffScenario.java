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

package dev.reuseport.autoconfigure;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.TestApplication;

/**
 * Hands a port over from one JVM to another under load: JVM A serves with 2 workers, JVM
 * B starts with {@code reuseport.allow-shared-port=true} and joins the port, then A gets
 * SIGTERM and shuts down gracefully while 3 clients open new connections and 2 use
 * keep-alive connections. Run by {@link HandOffTests} in a private network namespace;
 * prints {@code RESULT <LoadClients counts> listeners-during=… a-stopped-ms=…}.
 *
 * @author reuseport team
 */
public final class HandOffScenario {

	private static final int PORT = 18181;

	private HandOffScenario() {
	}

	public static void main(String[] args) throws Exception {
		Process first = start("a", false);
		awaitServing();
		LoadClients clients = LoadClients.start(PORT, "/worker", 3, 2);
		clients.awaitRequests(200);
		Process second = start("b", true);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (PortListeners.forPort(PORT).total() < 4 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		int listeners = PortListeners.forPort(PORT).total();
		clients.awaitRequests(200);
		long stopping = System.nanoTime();
		first.destroy();
		boolean stopped = first.waitFor(30, TimeUnit.SECONDS);
		long stoppedMillis = (System.nanoTime() - stopping) / 1_000_000;
		clients.awaitRequests(200);
		String counts = clients.stop();
		System.out.println("RESULT " + counts + " listeners-during=" + listeners + " a-stopped-ms="
				+ (stopped ? stoppedMillis : -1));
		second.destroy();
		second.waitFor(30, TimeUnit.SECONDS);
		System.exit(0);
	}

	private static Process start(String name, boolean shared) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						System.getProperty("java.class.path"), TestApplication.class.getName(), "--server.port=" + PORT,
						"--reuseport.workers=2", "--server.shutdown=graceful",
						"--spring.lifecycle.timeout-per-shutdown-phase=10s", "--spring.main.banner-mode=off",
						"--spring.reactor.netty.shutdown-quiet-period=0"));
		if (shared) {
			command.add("--reuseport.allow-shared-port=true");
		}
		File log = File.createTempFile("handoff-" + name, ".log");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

	private static void awaitServing() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			try {
				RawHttpConnection.get(PORT, "/worker");
				return;
			}
			catch (RuntimeException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("First JVM did not start");
	}

}
