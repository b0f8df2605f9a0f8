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

package dev.reuseport.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.reuseport.offload.OffloadScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saturates an {@link OffloadScheduler} of one thread: a task holds its thread until it
 * is released (at most a minute).
 *
 * @author reuseport team
 */
public final class OffloadSaturation {

	private OffloadSaturation() {
	}

	/**
	 * Hold the scheduler's thread until the latch is released, and return once the task
	 * runs.
	 * @param scheduler the scheduler
	 * @param release releases the thread
	 */
	public static void saturate(OffloadScheduler scheduler, CountDownLatch release) {
		CountDownLatch started = new CountDownLatch(1);
		scheduler.submit(() -> {
			started.countDown();
			return release.await(60, TimeUnit.SECONDS);
		}).subscribe();
		try {
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
