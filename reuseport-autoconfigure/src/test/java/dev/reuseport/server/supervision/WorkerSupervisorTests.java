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

package dev.reuseport.server.supervision;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WorkerSupervisor}.
 *
 * @author reuseport team
 */
class WorkerSupervisorTests {

	private final WorkerSupervisor supervisor = new WorkerSupervisor();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.supervisor.shutdown();
	}

	private void awaitRelease() {
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void changesRunOnTheSupervisorThread() {
		assertThat(this.supervisor.run(() -> Thread.currentThread().getName())).isEqualTo("reuseport-supervisor");
	}

	@Test
	void requestWhileAChangeRunsIsRefusedAndAcceptedAfterIt() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		CompletableFuture<String> first = this.supervisor.request(() -> {
			running.countDown();
			awaitRelease();
			return "first";
		});
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.supervisor.isBusy()).isTrue();
		assertThatExceptionOfType(WorkerChangeInProgressException.class)
			.isThrownBy(() -> this.supervisor.request(() -> "second"))
			.withMessage("Another change of the workers is in progress");
		this.release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(this.supervisor.request(() -> "third").get(10, TimeUnit.SECONDS)).isEqualTo("third");
	}

	@Test
	void changesFromCodeWaitForTheirTurnOneAtATime() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		this.supervisor.enqueue(() -> {
			running.countDown();
			awaitRelease();
		});
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		// the second change reads the gate the first one waits on: 1 if it ran alongside
		CompletableFuture<Long> second = CompletableFuture
			.supplyAsync(() -> this.supervisor.run(this.release::getCount));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.supervisor.getPendingChanges() == 2);
		assertThat(second).as("submitted while the first runs, and waiting").isNotCompleted();
		this.release.countDown();
		assertThat(second.get(10, TimeUnit.SECONDS)).as("ran only after the first change").isZero();
	}

	@Test
	void changeRunFromTheSupervisorThreadRunsAtOnce() {
		assertThat(this.supervisor.run(() -> this.supervisor.run(() -> "nested"))).isEqualTo("nested");
	}

}
