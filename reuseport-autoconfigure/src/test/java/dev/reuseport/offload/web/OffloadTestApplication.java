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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.offload.Offload;
import dev.reuseport.offload.OffloadScheduler;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application whose endpoints put work on the {@link OffloadScheduler}, some of
 * it held at a {@link Gate} the test opens.
 *
 * @author reuseport team
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class OffloadTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(OffloadTestApplication.class, args);
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	/**
	 * Holds tasks until opened and counts what ran.
	 */
	public static class Gate {

		private final CountDownLatch latch = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		final AtomicInteger interrupted = new AtomicInteger();

		public void open() {
			this.latch.countDown();
		}

		String pass() throws InterruptedException {
			this.entered.incrementAndGet();
			try {
				return this.latch.await(30, TimeUnit.SECONDS) ? "passed" : "closed";
			}
			catch (InterruptedException ex) {
				this.interrupted.incrementAndGet();
				throw ex;
			}
		}

		String spin(long millis) {
			this.entered.incrementAndGet();
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
			while (System.nanoTime() < end) {
				if (Thread.currentThread().isInterrupted()) {
					this.interrupted.incrementAndGet();
					return "interrupted";
				}
			}
			return "spun";
		}

		public int entered() {
			return this.entered.get();
		}

		public int interrupted() {
			return this.interrupted.get();
		}

	}

	/**
	 * Registered as a member class of the configuration.
	 */
	@RestController
	public static class OffloadController {

		private final OffloadScheduler scheduler;

		private final Gate gate;

		OffloadController(OffloadScheduler scheduler, Gate gate) {
			this.scheduler = scheduler;
			this.gate = gate;
		}

		@GetMapping("/worker")
		String worker() {
			return Thread.currentThread().getName();
		}

		@GetMapping("/loop/sleep")
		String sleepOnTheEventLoop() throws InterruptedException {
			Thread.sleep(1);
			return Thread.currentThread().getName() + " nonBlocking="
					+ reactor.core.scheduler.Schedulers.isInNonBlockingThread();
		}

		@GetMapping("/submit/gate")
		Mono<String> submitGate() {
			return this.scheduler.submit(this.gate::pass);
		}

		@GetMapping("/submit/spin")
		Mono<String> submitSpin(@RequestParam long ms) {
			return this.scheduler.submit(() -> this.gate.spin(ms));
		}

		@GetMapping("/blocking/thread")
		String blockingThread() {
			return Thread.currentThread().toString();
		}

		@GetMapping("/annotated/thread")
		@Offload
		public String annotatedThread() {
			return Thread.currentThread().getName();
		}

		@GetMapping("/annotated/gate")
		@Offload
		public String annotatedGate() throws InterruptedException {
			return this.gate.pass();
		}

		@GetMapping("/annotated/spin")
		@Offload
		public String annotatedSpin(@RequestParam long ms) {
			return this.gate.spin(ms);
		}

	}

}
