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

import java.time.Duration;

import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.testsupport.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Offload} methods and {@code submit} with
 * {@code spring.threads.virtual.enabled=true}: CPU work still runs on the bounded offload
 * pool of platform threads, not on Spring Boot's virtual-thread executor, a full pool
 * still answers 503, and the other blocking controller methods keep running on virtual
 * threads. Needs Java 21 or later, so it is tagged {@code java21} and left out of the
 * default Java 17 run; {@code .ci/run} runs it on the installed Temurin 25.
 *
 * @author reuseport team
 */
@Tag("java21")
class VirtualThreadsOffloadTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeAll
	static void needsVirtualThreads() {
		if (Runtime.version().feature() < 21) {
			fail("Virtual threads need Java 21 or later, this is " + Runtime.version()
					+ ": run this class with JAVA_HOME set to a Java 21+ JDK (.ci/run uses Temurin 25)");
		}
	}

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.getBean(OffloadTestApplication.Gate.class).open();
			this.context.close();
		}
	}

	private void run() {
		this.context = new SpringApplicationBuilder(OffloadTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=1", "reuseport.offload.threads=1",
					"reuseport.offload.queue-capacity=1", "spring.threads.virtual.enabled=true",
					"spring.main.banner-mode=off")
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private String get(String path) {
		return TestClients.get(TestClients.http(this.port), path);
	}

	private void inBackground(String path) {
		Thread client = new Thread(() -> get(path), "client " + path);
		client.setDaemon(true);
		client.start();
	}

	@Test
	void offloadMethodsRunOnThePoolNotOnVirtualThreads() {
		run();
		String answer = get("/annotated/thread");
		assertThat(answer).startsWith("200 HTTP/1.1 reuseport-offload-");
		assertThat(get("/submit/spin?ms=1")).isEqualTo("200 HTTP/1.1 spun");
	}

	@Test
	void otherBlockingMethodsStillRunOnVirtualThreads() {
		run();
		assertThat(get("/blocking/thread")).startsWith("200 HTTP/1.1 VirtualThread[");
	}

	@Test
	void aFullPoolStillAnswers503() {
		run();
		OffloadScheduler scheduler = this.context.getBean(OffloadScheduler.class);
		inBackground("/annotated/gate");
		await().atMost(WAIT).until(() -> scheduler.getStatistics().busyThreads() == 1);
		inBackground("/annotated/gate");
		await().atMost(WAIT).until(() -> scheduler.getStatistics().queued() == 1);
		assertThat(get("/annotated/thread")).startsWith("503 ");
		assertThat(get("/submit/spin?ms=1")).startsWith("503 ");
	}

}
