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

package dev.reuseport.offload.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadStatistics;
import reactor.blockhound.BlockHound;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs every offload path under BlockHound, which reports any blocking call made on a
 * non-blocking thread (event loops, Reactor's parallel threads). Started in its own JVM
 * by {@link BlockHoundOffloadTests}; prints {@code CHECK <name> <status> <violations>}
 * lines. The {@code control} request blocks on an event loop on purpose, to show that the
 * check is live.
 *
 * @author reuseport team
 */
public final class BlockHoundOffloadCheck {

	private static final List<String> violations = new CopyOnWriteArrayList<>();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private BlockHoundOffloadCheck() {
	}

	public static void main(String[] args) throws Exception {
		BlockHound.install((builder) -> builder
			.blockingMethodCallback((method) -> violations.add(method + " on " + Thread.currentThread().getName())));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OffloadTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.offload.threads=1",
					"reuseport.offload.queue-capacity=1", "reuseport.offload.timeout=3s",
					"reuseport.offload.queue-timeout=20s", "spring.main.banner-mode=off", "logging.level.root=WARN")
			.run(args);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		OffloadTestApplication.Gate gate = context.getBean(OffloadTestApplication.Gate.class);
		check(port, "worker", "/worker");
		check(port, "submit", "/submit/spin?ms=5");
		check(port, "annotated", "/annotated/spin?ms=5");
		check(port, "submit-run-timeout", "/submit/spin?ms=5000");
		check(port, "annotated-run-timeout", "/annotated/spin?ms=5000");
		// Saturate the pool in-process, so that the HTTP checks below meet a full pool:
		// one thread and a queue of one hold two gate tasks, one running and one waiting,
		// until the gate opens (or the 3 s run timeout ends the first). The run-timeout
		// checks above leave their spinning task on the thread until it notices the
		// interrupt, so wait for an idle pool first; and submit the second task only once
		// the thread has taken the first from the queue, or the queue of one would still
		// hold the first and reject the second.
		OffloadScheduler scheduler = context.getBean(OffloadScheduler.class);
		awaitStatistics(scheduler, (statistics) -> statistics.busyThreads() == 0 && statistics.queued() == 0);
		List<CompletableFuture<String>> held = new ArrayList<>();
		held.add(scheduler.submit(gate::pass).onErrorReturn("ended").toFuture());
		awaitStatistics(scheduler, (statistics) -> statistics.busyThreads() == 1);
		held.add(scheduler.submit(gate::pass).onErrorReturn("ended").toFuture());
		awaitStatistics(scheduler, (statistics) -> statistics.queued() == 1);
		System.out.println("CHECK saturated-setup busy=" + scheduler.getStatistics().busyThreads() + " queued="
				+ scheduler.getStatistics().queued());
		check(port, "submit-saturated", "/submit/gate");
		check(port, "annotated-saturated", "/annotated/gate");
		gate.open();
		for (CompletableFuture<String> task : held) {
			task.get();
		}
		check(port, "control", "/loop/sleep");
		context.close();
		System.exit(0);
	}

	private static void awaitStatistics(OffloadScheduler scheduler, Predicate<OffloadStatistics> condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.test(scheduler.getStatistics())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Offload pool did not reach the expected state within 10 s: " + scheduler.getStatistics());
			}
			Thread.sleep(1);
		}
	}

	private static HttpRequest request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(15))
			.build();
	}

	private static void check(int port, String name, String path) throws Exception {
		int before = violations.size();
		HttpResponse<String> response = client.send(request(port, path), HttpResponse.BodyHandlers.ofString());
		int found = violations.size() - before;
		System.out.println("CHECK " + name + " " + response.statusCode() + " " + found);
		violations.subList(before, violations.size()).forEach((violation) -> System.out.println("  " + violation));
	}

}
